/**
 * A step counter in the parser's loops, so that its linear-time contract is tested by counting
 * work, not by reading a clock (a timed test fails on a busy machine). Each stage adds the units
 * it walks: characters split into lines and cells, HTML nodes and grid cells, tokens scanned,
 * lines searched for headings and metadata, steps of the digit-split search. The counter is
 * process-wide and only read by tests and benchmarks; parsing is synchronous, so one call's count
 * is not mixed with another's.
 */
let steps = 0;

export function countWork(n: number): void {
  steps += n;
}

/** The steps `fn` took (and its result, or the error it threw). */
export function measureWork<T>(fn: () => T): { steps: number; result?: T; error?: unknown } {
  const before = steps;
  try {
    const result = fn();
    return { steps: steps - before, result };
  } catch (error) {
    return { steps: steps - before, error };
  }
}
