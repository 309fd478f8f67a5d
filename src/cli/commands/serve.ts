import { parseArgs } from 'node:util';
import { type Config, loadConfig } from '../../config';
import { openDatabase, openServingDatabase } from '../../db/bootstrap';
import { bootstrapStep } from '../../db/embedded';
import { readRoleWarnings } from '../../db/serving';
import { handleSignals, shutdownSignal } from '../../db/shutdown';
import { loadSamples } from '../../ingest/ingest-file';
import { buildSubgraph, SUBGRAPH_NAMES, type SubgraphName } from '../../server/subgraphs';
import { close, createApp, type Executor, listen } from '../../server/app';
import { localGateway, parseSubgraphList, remoteGateway } from '../../server/gateway';
import { type CliCommand, UsageError } from '../command';

const log = (m: string) => console.log(`[gongkai] ${m}`);

async function serveUntilSignal(
  ds: Parameters<typeof createApp>[0],
  config: Config,
  executor: Executor,
  what: string,
) {
  const app = await createApp(ds, config, executor);
  const url = await listen(app, config.port);
  log(`${what} and GraphiQL at ${url}`);
  log(
    app.cache
      ? `response cache: up to ${config.responseCacheMb} MiB, dropped whenever a save commits (GONGKAI_RESPONSE_CACHE_MB=0 turns it off)`
      : 'response cache: off',
  );
  // Then drain: bounded by GONGKAI_SHUTDOWN_TIMEOUT_MS, a second signal exits at once (shutdown.ts).
  await shutdownSignal();
  await close(app);
}

export const serveCommand: CliCommand = {
  name: 'serve',
  summary:
    'Serve GraphQL with GraphiQL: the gateway over both subgraphs (default), one subgraph, or a remote gateway',
  usage: `gongkai serve [--port P] [--samples | --no-samples]
gongkai serve --subgraph reports|analytics [--port P]
gongkai serve --gateway --subgraphs name=url,name=url [--port P]

  Default: the federation gateway at http://localhost:PORT/graphql with the reports and
  analytics subgraphs in this process. With no GONGKAI_DATABASE_URL, starts an embedded Postgres with its
  data in ./.data, migrates, and loads the sample reports (--samples loads them into GONGKAI_DATABASE_URL
  too). --subgraph serves one subgraph alone (for a gateway elsewhere); --gateway composes
  subgraphs running at the given URLs and holds no data itself.`,
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string' },
        samples: { type: 'boolean' },
        'no-samples': { type: 'boolean' },
        subgraph: { type: 'string' },
        gateway: { type: 'boolean' },
        subgraphs: { type: 'string' },
      },
      strict: true,
    });
    const config = loadConfig();
    handleSignals({ timeoutMs: config.serving.shutdownTimeoutMs, log });
    if (values.port != null) {
      const port = Number(values.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be 0–65535`);
      config.port = port;
    }
    if (values.subgraph && values.gateway)
      throw new UsageError('--subgraph and --gateway exclude each other');

    if (values.gateway) {
      if (!values.subgraphs) throw new UsageError('--gateway needs --subgraphs name=url,…');
      await serveUntilSignal(
        undefined,
        config,
        { gateway: remoteGateway(parseSubgraphList(values.subgraphs)) },
        'gateway',
      );
      return 0;
    }
    const subgraph = values.subgraph as SubgraphName | undefined;
    if (subgraph && !SUBGRAPH_NAMES.includes(subgraph)) {
      throw new UsageError(`--subgraph is one of ${SUBGRAPH_NAMES.join(', ')}; got "${subgraph}"`);
    }

    // A second server on the folder would lose its database when the first stops: refuse.
    const db = await openDatabase(config, { log, whenEmbeddedRunning: 'refuse' });
    try {
      const wantSamples = values['no-samples'] ? false : (values.samples ?? (db.embedded && !subgraph));
      if (wantSamples) {
        const results = await loadSamples(db.ds);
        const by = (s: string) => results.filter((r) => r.status === s).length;
        log(
          `sample reports: ${by('loaded')} loaded, ${by('unchanged')} unchanged, ${by('replaced')} replaced`,
        );
      }
      bootstrapStep('samples');
      // Reads never run with write rights: read-only sessions, on a reader role where there is one.
      const serving = await openServingDatabase(db, config, log);
      try {
        for (const warning of await readRoleWarnings(serving)) log(`warning: ${warning}`);
        if (subgraph) {
          await serveUntilSignal(
            serving,
            config,
            { schema: await buildSubgraph(subgraph) },
            `subgraph ${subgraph}`,
          );
        } else {
          const subgraphs = await Promise.all(
            SUBGRAPH_NAMES.map(async (name) => ({ name, schema: await buildSubgraph(name) })),
          );
          await serveUntilSignal(serving, config, { gateway: localGateway(subgraphs) }, 'GraphQL gateway');
        }
      } finally {
        await serving.close();
      }
    } finally {
      await db.close();
      log('stopped');
    }
    return 0;
  },
};
