/**
 * Which requests leave an access line (GONGKAI_ACCESS_LOG): every one (`all`, the default), or
 * only those answered with an error (`errors`), or one in N besides those (`sample:N`). An answer
 * with an error (HTTP status 400 or more, or GraphQL errors) and a slow one
 * (GONGKAI_SLOW_REQUEST_MS, default 1000) are always logged, whatever the setting.
 */
import { ConfigError } from '../errors';
import { int } from './read';

export interface AccessLogPolicy {
  /** Log one request in `every` (1: all; 0: none but errors and slow ones). */
  every: number;
  /** Requests taking at least this long are always logged. */
  slowMs: number;
}

export function loadAccessLog(env: NodeJS.ProcessEnv): AccessLogPolicy {
  const raw = env.GONGKAI_ACCESS_LOG?.trim().toLowerCase() ?? '';
  const slowMs = int(env, 'GONGKAI_SLOW_REQUEST_MS', 1000, 0, 3_600_000);
  if (raw === '' || raw === 'all') return { every: 1, slowMs };
  if (raw === 'errors') return { every: 0, slowMs };
  const m = /^sample:(\d+)$/.exec(raw);
  const n = m ? Number(m[1]) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > 1_000_000) {
    throw new ConfigError(
      `GONGKAI_ACCESS_LOG must be all, errors or sample:N (N from 1 to 1000000: one request in N); got "${env.GONGKAI_ACCESS_LOG}"`,
    );
  }
  return { every: n, slowMs };
}
