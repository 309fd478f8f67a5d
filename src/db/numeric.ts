/** Values as Postgres hands them over. */

/** A numeric from Postgres (text) as a JS number, null kept. */
export const num = (v: string | number | null | undefined): number | null => (v == null ? null : Number(v));
