import { parseArgs } from 'node:util';
import { loadConfig } from '../../config';
import { openDatabase } from '../../db/bootstrap';
import { loadSamples } from '../../ingest/ingest-file';
import { buildReportsSchema } from '../../schema/build';
import { close, createApp, listen } from '../../server/app';
import { type CliCommand, UsageError } from '../command';

export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'Serve the GraphQL API with GraphiQL (embedded Postgres when DATABASE_URL is unset)',
  usage: `gongkai serve [--port P] [--samples | --no-samples]

  Serves GraphQL (and GraphiQL for browsers) at http://localhost:PORT/graphql.
  With no DATABASE_URL, starts an embedded Postgres with its data in ./.data,
  migrates, and loads the sample reports. With DATABASE_URL, uses that server;
  --samples loads the sample reports into it too.`,
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string' },
        samples: { type: 'boolean' },
        'no-samples': { type: 'boolean' },
      },
      strict: true,
    });
    const config = loadConfig();
    if (values.port != null) {
      const port = Number(values.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be 0–65535`);
      config.port = port;
    }
    const log = (m: string) => console.log(`[gongkai] ${m}`);
    const db = await openDatabase(config, { log });
    try {
      const wantSamples = values['no-samples'] ? false : (values.samples ?? db.embedded);
      if (wantSamples) {
        const results = await loadSamples(db.ds);
        const by = (s: string) => results.filter((r) => r.status === s).length;
        log(
          `sample reports: ${by('loaded')} loaded, ${by('unchanged')} unchanged, ${by('replaced')} replaced`,
        );
      }
      const schema = await buildReportsSchema();
      const app = await createApp(db.ds, config, schema);
      const url = await listen(app, config.port);
      log(`GraphQL and GraphiQL at ${url}`);
      await new Promise<void>((resolve) => {
        const stop = (signal: string) => {
          log(`${signal}: shutting down`);
          resolve();
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await close(app);
    } finally {
      await db.close();
      log('stopped');
    }
    return 0;
  },
};
