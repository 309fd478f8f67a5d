/**
 * The one server-and-database fixture of the tests: a test database (migrated, in a schema of
 * its own; the seed reports saved when asked) and servers over it of any kind — a subgraph alone,
 * the in-process gateway `npm start` serves, or a gateway over the subgraphs' own servers by URL —
 * started before the file's tests and closed after them.
 */
import { after, before } from 'node:test';
import { type Config } from '../../src/config';
import { saveReport } from '../../src/db/writes/save';
import { localGateway, remoteGateway } from '../../src/server/gateway';
import { buildSubgraph, SUBGRAPH_NAMES, type SubgraphName } from '../../src/server/subgraphs';
import { type Executor } from '../../src/server/app';
import { createTestDb, type TestDb } from './db';
import { allGoldenReports } from './golden';
import { startTestServer, type TestServer } from './server';
import { type DataSource } from 'typeorm';

/** How a server serves: one subgraph alone, or the in-process gateway over both (`npm start`). */
export type ServerKind = SubgraphName | 'gateway';

export async function executorOf(kind: ServerKind): Promise<Executor> {
  if (kind !== 'gateway') return { schema: await buildSubgraph(kind) };
  const subgraphs = await Promise.all(
    SUBGRAPH_NAMES.map(async (name) => ({ name, schema: await buildSubgraph(name) })),
  );
  return { gateway: localGateway(subgraphs) };
}

/** A server of that kind over `ds`. */
export async function serve(
  ds: DataSource,
  kind: ServerKind = 'reports',
  config: Partial<Config> = {},
): Promise<TestServer> {
  return startTestServer(ds, config, await executorOf(kind));
}

/** Each subgraph on a server of its own, and a gateway over them by URL that holds no data. */
export interface RemoteSet {
  reports: TestServer;
  analytics: TestServer;
  gateway: TestServer;
  close(): Promise<void>;
}

export async function serveRemote(ds: DataSource, config: Partial<Config> = {}): Promise<RemoteSet> {
  const reports = await serve(ds, 'reports', config);
  const analytics = await serve(ds, 'analytics', config);
  const gateway = await startTestServer(undefined, config, {
    gateway: remoteGateway([
      { name: 'reports', url: reports.url },
      { name: 'analytics', url: analytics.url },
    ]),
  });
  return {
    reports,
    analytics,
    gateway,
    async close() {
      await gateway.close();
      await analytics.close();
      await reports.close();
    },
  };
}

export interface FixtureOptions {
  /** Save the five seed reports (test/fixtures/corpus) first. */
  seeds?: boolean;
  /** Anything else to store before the servers start. */
  load?: (db: TestDb) => Promise<void>;
  /** A server over the database (none: the database alone). */
  server?: ServerKind;
  config?: Partial<Config>;
  /** Run the migrations (default); false leaves the schema empty. */
  migrate?: boolean;
  /**
   * More set-up once the database and server exist (other servers: start them with `track`).
   * Part of the fixture's own hook, as top-level hooks of a file do not wait for one another.
   */
  setUp?: (fixture: Fixture) => Promise<void>;
}

export interface Fixture {
  readonly db: TestDb;
  /** The server asked for (throws when none was). */
  readonly server: TestServer;
  /** Servers the file starts itself, closed with the fixture. */
  track<T extends { close(): Promise<void> }>(server: T): T;
}

/** Registers the file's before and after hooks; the fixture's parts exist once before has run. */
export function useFixture(opts: FixtureOptions = {}): Fixture {
  let db: TestDb | undefined;
  let server: TestServer | undefined;
  const tracked: { close(): Promise<void> }[] = [];
  before(async () => {
    db = await createTestDb({ migrate: opts.migrate });
    if (opts.seeds) for (const { report } of allGoldenReports()) await saveReport(db.ds, report);
    await opts.load?.(db);
    if (opts.server) server = await serve(db.ds, opts.server, opts.config);
    await opts.setUp?.(fixture);
  });
  after(async () => {
    for (const s of tracked.reverse()) await s.close();
    await server?.close();
    await db?.cleanup();
  });
  const fixture: Fixture = {
    get db() {
      if (!db) throw new Error('the fixture’s database exists once the before hook has run');
      return db;
    },
    get server() {
      if (!server) throw new Error('no server: ask for one with useFixture({ server })');
      return server;
    },
    track(s) {
      tracked.push(s);
      return s;
    },
  };
  return fixture;
}
