import { type ValueTransformer } from 'typeorm';

/**
 * Postgres numeric arrives as a string (it can exceed a double); report figures are counts and
 * 万元 amounts with a few decimals, which a double holds exactly enough for the API.
 */
export const numericTransformer: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value == null ? null : Number(value)),
};
