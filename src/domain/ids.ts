import { BadUserInputError } from '../errors';

/** GraphQL IDs are strings; ours are positive integers. */
export function parseId(id: string | number, argument = 'id'): number {
  const n = typeof id === 'number' ? id : /^\d{1,10}$/.test(id) ? Number(id) : NaN;
  if (!Number.isSafeInteger(n) || n < 1 || n > 2147483647) {
    throw new BadUserInputError(`${argument} must be a positive whole number; got "${id}"`, { argument });
  }
  return n;
}
