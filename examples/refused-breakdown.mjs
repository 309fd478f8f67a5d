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
// A share as a percentage with one decimal, rounded half away from zero (Intl's default,
// halfExpand) on the decimal the server sent: String(x) is the shortest text that reads back as x,
// as in the JSON, and Intl reads a string as that exact decimal. 0.0125 prints 1.3%, as in the
// Python example; (x * 100).toFixed(1) rounds a float product and is off on some halves.
const percent = new Intl.NumberFormat('en-US', {
  style: 'percent',
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
  roundingMode: 'halfExpand',
});
const pct = (x) => (x == null ? '' : percent.format(String(x)));
// console.table pads by display width: Chinese (East Asian Wide) characters take two columns.
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
