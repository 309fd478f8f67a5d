import { parseArgs } from 'node:util';
import { loadConfig } from '../../config';
import { openDatabase } from '../../db/bootstrap';
import { migrateDownAll, migrateUp } from '../../db/migrate';
import { type CliCommand } from '../command';

export const migrateCommand: CliCommand = {
  name: 'migrate',
  summary: 'Apply pending migrations (or --down: revert them all)',
  usage: `gongkai migrate [--down]

  Applies pending migrations to GONGKAI_DATABASE_URL (or the embedded Postgres in ./.data).
  --down reverts every migration, dropping all Gongkai tables.`,
  async run(argv) {
    const { values } = parseArgs({ args: argv, options: { down: { type: 'boolean' } }, strict: true });
    const db = await openDatabase(loadConfig(), { migrate: false, log: (m) => console.error(m) });
    try {
      if (values.down) {
        console.log(`reverted ${await migrateDownAll(db.ds, (m) => console.error(m))} migration(s)`);
      } else {
        const applied = await migrateUp(db.ds, (m) => console.error(m));
        console.log(applied.length ? `applied: ${applied.join(', ')}` : 'up to date');
      }
    } finally {
      await db.close();
    }
    return 0;
  },
};
