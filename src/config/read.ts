/** Reading one variable's value, the one way every part of the configuration does. */
import { ConfigError } from '../errors';

/** A whole number from min to max, or `fallback` when unset or empty; else a ConfigError naming it. */
export function int(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = env[name]?.trim();
  if (raw == null || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}; got "${raw}"`);
  }
  return n;
}
