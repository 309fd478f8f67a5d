/**
 * The operations Gongkai's own documentation sends, collected for the trusted-document list
 * (GONGKAI_TRUSTED_DOCUMENTS) and for choosing the default limits: examples/*.graphql (sent as
 * the files are), the README's GraphQL blocks and curl bodies, and GraphiQL's default query.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { EXAMPLE_QUERY } from './example-query';
import { documentHash } from './limits';

export interface KnownDocument {
  /** Where it comes from, e.g. `README.md:93` or `examples/refused-breakdown.graphql`. */
  from: string;
  text: string;
  variables?: Record<string, unknown>;
}

const lineOf = (text: string, index: number): number => text.slice(0, index).split('\n').length;

/** The README's ```graphql blocks and the JSON bodies of its curl commands (-d '{…}'). */
function readmeDocuments(root: string): KnownDocument[] {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  const out: KnownDocument[] = [];
  for (const m of readme.matchAll(/```graphql\n([\s\S]*?)```/g)) {
    out.push({ from: `README.md:${lineOf(readme, m.index)}`, text: m[1]! });
  }
  for (const m of readme.matchAll(/curl [^\n]*-d '(\{[\s\S]*?\})'/g)) {
    const body = JSON.parse(m[1]!) as { query: string; variables?: Record<string, unknown> };
    out.push({ from: `README.md:${lineOf(readme, m.index)}`, text: body.query, variables: body.variables });
  }
  return out;
}

function exampleDocuments(root: string): KnownDocument[] {
  const dir = path.join(root, 'examples');
  const variablesFile = path.join(dir, 'variables.json');
  const variables = JSON.parse(readFileSync(variablesFile, 'utf8')) as Record<string, unknown>;
  return readdirSync(dir)
    .filter((f) => f.endsWith('.graphql'))
    .sort()
    .map((f) => ({ from: `examples/${f}`, text: readFileSync(path.join(dir, f), 'utf8'), variables }));
}

/** Every document the README, the examples and GraphiQL send, in that order. */
export function knownDocuments(root: string): KnownDocument[] {
  return [
    ...readmeDocuments(root),
    ...exampleDocuments(root),
    { from: 'src/server/example-query.ts (GraphiQL)', text: EXAMPLE_QUERY },
  ];
}

/** The trusted-document list of those documents: sha256 of each text → the text. */
export function trustedDocumentList(documents: readonly KnownDocument[]): Record<string, string> {
  const list: Record<string, string> = {};
  for (const d of documents) list[documentHash(d.text)] = d.text;
  return list;
}
