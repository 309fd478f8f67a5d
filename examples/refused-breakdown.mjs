/* global process, console, fetch, URL */
// The refused-disclosure breakdown from Node (built-in fetch), printed as a table.
// Usage: node examples/refused-breakdown.mjs [GRAPHQL_URL]   (default http://localhost:4000/graphql)
import { readFileSync } from 'node:fs';

const url = process.argv[2] ?? process.env.GONGKAI_URL ?? 'http://localhost:4000/graphql';
const query = readFileSync(new URL('./refused-breakdown.graphql', import.meta.url), 'utf8');
const variables = JSON.parse(readFileSync(new URL('./variables.json', import.meta.url), 'utf8'));

const res = await fetch(url, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ query, variables }),
});
const body = await res.json();
if (body.errors) {
  console.error(`error: ${body.errors.map((e) => e.message).join('; ')}`);
  process.exit(1);
}
const pct = (x) => (x == null ? '' : `${(x * 100).toFixed(1)}%`);
console.table(
  body.data.refusedBreakdown.flatMap((row) =>
    row.reasons.map((r) => ({
      year: row.year,
      province: row.groupName,
      reason: r.label,
      count: r.count,
      'of refusals': pct(r.shareOfRefusals),
      'of processed': pct(r.shareOfProcessed),
    })),
  ),
);
