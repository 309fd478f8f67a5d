import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { printSubgraphSchema } from '@apollo/subgraph';
import { buildSubgraph, SUBGRAPH_NAMES } from '../../server/subgraphs';
import { composeLocal } from '../../server/gateway';
import { type CliCommand } from '../command';

/** The committed SDL: each subgraph and the composed supergraph (a test fails when they drift). */
export const SCHEMA_DIR = path.join(__dirname, '..', '..', 'schema');
export const SCHEMA_FILES = {
  reports: 'schema.graphql',
  analytics: 'analytics.graphql',
  supergraph: 'supergraph.graphql',
} as const;

export async function printSchemas(): Promise<Record<keyof typeof SCHEMA_FILES, string>> {
  const subgraphs = await Promise.all(
    SUBGRAPH_NAMES.map(async (name) => ({ name, schema: await buildSubgraph(name) })),
  );
  const sdl = (s: string) => `${s.trim()}\n`;
  const byName = Object.fromEntries(subgraphs.map((s) => [s.name, sdl(printSubgraphSchema(s.schema))]));
  return { reports: byName.reports!, analytics: byName.analytics!, supergraph: sdl(composeLocal(subgraphs)) };
}

export const printSchemaCommand: CliCommand = {
  name: 'print-schema',
  summary: 'Print the subgraphs’ and the supergraph’s SDL (--write: update src/schema/*.graphql)',
  usage: `gongkai print-schema [--write]`,
  async run(argv) {
    const { values } = parseArgs({ args: argv, options: { write: { type: 'boolean' } }, strict: true });
    const schemas = await printSchemas();
    for (const [key, file] of Object.entries(SCHEMA_FILES) as [keyof typeof SCHEMA_FILES, string][]) {
      if (values.write) {
        fs.writeFileSync(path.join(SCHEMA_DIR, file), schemas[key]);
        console.log(`wrote src/schema/${file}`);
      } else {
        process.stdout.write(`# ${file}\n${schemas[key]}\n`);
      }
    }
    return 0;
  },
};
