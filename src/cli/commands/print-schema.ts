import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { printSubgraphSchema } from '@apollo/subgraph';
import { buildReportsSchema } from '../../schema/build';
import { type CliCommand } from '../command';

/** Where the committed SDL of the reports subgraph lives (a test fails when it drifts). */
export const SCHEMA_FILE = path.join(__dirname, '..', '..', 'schema', 'schema.graphql');

export async function printReportsSchema(): Promise<string> {
  return `${printSubgraphSchema(await buildReportsSchema()).trim()}\n`;
}

export const printSchemaCommand: CliCommand = {
  name: 'print-schema',
  summary: 'Print the reports subgraph SDL (--write: update src/schema/schema.graphql)',
  usage: `gongkai print-schema [--write]`,
  async run(argv) {
    const { values } = parseArgs({ args: argv, options: { write: { type: 'boolean' } }, strict: true });
    const sdl = await printReportsSchema();
    if (values.write) {
      fs.writeFileSync(SCHEMA_FILE, sdl);
      console.log(`wrote ${path.relative(process.cwd(), SCHEMA_FILE)}`);
    } else {
      process.stdout.write(sdl);
    }
    return 0;
  },
};
