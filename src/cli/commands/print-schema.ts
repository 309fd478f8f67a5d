import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { printSubgraphSchema } from '@apollo/subgraph';
import { printSchema } from 'graphql';
import { buildSubgraph, SUBGRAPH_NAMES } from '../../server/subgraphs';
import { composeLocal, localGateway, type LocalSubgraph } from '../../server/gateway';
import { type CliCommand } from '../command';

/**
 * The committed SDL: each subgraph, the composed supergraph, and the client schema — the public API
 * as the gateway serves it (the supergraph's API schema: no federation directives, no join types),
 * for frontends' codegen. A test fails when any drifts.
 */
export const SCHEMA_DIR = path.join(__dirname, '..', '..', 'schema');
export const SCHEMA_FILES = {
  reports: 'schema.graphql',
  analytics: 'analytics.graphql',
  supergraph: 'supergraph.graphql',
  client: 'client.graphql',
} as const;

/**
 * The API schema the gateway serves for these subgraphs, printed by graphql-js: the in-process
 * gateway is loaded and its schema printed (ApolloGateway derives it from the supergraph SDL as
 * `supergraph.apiSchema()`: join/link types and directives and @inaccessible elements removed).
 */
export async function printClientSchema(subgraphs: readonly LocalSubgraph[]): Promise<string> {
  const gateway = localGateway(subgraphs);
  try {
    const { schema } = await gateway.load();
    return printSchema(schema);
  } finally {
    await gateway.stop();
  }
}

export async function printSchemas(): Promise<Record<keyof typeof SCHEMA_FILES, string>> {
  const subgraphs = await Promise.all(
    SUBGRAPH_NAMES.map(async (name) => ({ name, schema: await buildSubgraph(name) })),
  );
  const sdl = (s: string) => `${s.trim()}\n`;
  const byName = Object.fromEntries(subgraphs.map((s) => [s.name, sdl(printSubgraphSchema(s.schema))]));
  return {
    reports: byName.reports!,
    analytics: byName.analytics!,
    supergraph: sdl(composeLocal(subgraphs)),
    client: sdl(await printClientSchema(subgraphs)),
  };
}

export const printSchemaCommand: CliCommand = {
  name: 'print-schema',
  summary: 'Print the subgraphs’, the supergraph’s and the client SDL (--write: update src/schema/*.graphql)',
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
