/** Loading one HTTP endpoint with autocannon, as the national run and its side studies do. */
import autocannon from 'autocannon';
import { median, rng } from './util';

export interface LoadFigure {
  /** CPU time of the server process per request (ms); not measured for the floor. */
  cpuMs?: number;
  /** Share of requests answered from the response cache (`cached` only). */
  hitShare?: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

/**
 * Picks from `params` with Zipf's law (exponent `s`): the k-th parameter is asked 1/k^s as often
 * as the first, as a few agencies and first pages are asked for far more than the rest.
 */
export function zipfPicker(params: readonly number[], s: number, next: () => number): () => number {
  const cdf: number[] = [];
  let sum = 0;
  for (let k = 1; k <= params.length; k++) cdf.push((sum += 1 / k ** s));
  return () => {
    const x = next() * sum;
    let lo = 0;
    let hi = cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return params[lo]!;
  };
}

/**
 * autocannon against one HTTP endpoint (a GraphQL server, or the HTTP floor); latency from each
 * response (ms, not rounded). Parameters are picked uniformly, or by Zipf's law with `zipf`.
 */
export async function cannon(
  url: string,
  connections: number,
  seconds: number,
  body: (pick: () => number) => string,
  params: number[],
  seed: number,
  options: { zipf?: number } = {},
): Promise<LoadFigure> {
  const next = rng(seed);
  const pick =
    options.zipf != null
      ? zipfPicker(params, options.zipf, next)
      : () => params[Math.floor(next() * params.length)]!;
  const latencies: number[] = [];
  let errors = 0;
  const instance = autocannon({
    url,
    connections,
    duration: seconds,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    requests: [{ setupRequest: (req) => ({ ...req, body: body(pick) }) }],
  });
  instance.on('response', (_client, status: number, _bytes: number, ms: number) => {
    if (status === 200) latencies.push(ms);
    else errors++;
  });
  const result = await instance;
  latencies.sort((a, b) => a - b);
  return {
    rps: latencies.length / seconds,
    p50: median(latencies),
    p99: latencies[Math.floor(latencies.length * 0.99)] ?? NaN,
    errors: errors + result.errors + result.timeouts,
  };
}
