/**
 * Postgres array literals for bulk parameters (`unnest($1::text[], …)`), built directly. pg's
 * generic path quotes every element and runs two regex replacements on each: on a batch of
 * reports (~25,000 cells) that was a tenth of the ingest process's CPU (BENCHMARKS.md).
 */

/** `{1,NULL,2.5}`: numbers need no quoting. Only finite numbers are accepted. */
export function numberArray(values: readonly (number | null | undefined)[]): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) out += ',';
    const v = values[i];
    if (v == null) out += 'NULL';
    else if (Number.isFinite(v)) out += String(v);
    else throw new RangeError(`numberArray: ${v} is not a finite number`);
  }
  return out + '}';
}

export function booleanArray(values: readonly (boolean | null | undefined)[]): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) out += ',';
    const v = values[i];
    out += v == null ? 'NULL' : v ? 't' : 'f';
  }
  return out + '}';
}

const NEEDS_ESCAPE = /["\\]/;
const ESCAPED = /["\\]/g;

/** `{"a","b \"c\"",NULL}`: every element quoted, so commas, braces, spaces and "NULL" stay text. */
export function textArray(values: readonly (string | null | undefined)[]): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) out += ',';
    const v = values[i];
    if (v == null) out += 'NULL';
    else out += NEEDS_ESCAPE.test(v) ? `"${v.replace(ESCAPED, '\\$&')}"` : `"${v}"`;
  }
  return out + '}';
}
