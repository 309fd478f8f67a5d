/**
 * Reads from a streaming replica (issue #18, parts 1 and 2) on a real primary and replica
 * (test/support/replica-cluster.ts): reads go to the replica, the writer reads its own writes,
 * replay paused keeps other clients' answers old but whole and out of the response cache, every
 * answer is new once replay resumes, a replica lagging past GONGKAI_MAX_REPLICA_LAG_MS or stopped
 * is out of rotation (reads fall back to the primary without an error) and comes back by itself,
 * also when it was down as the server started.
 * Every wait is a bounded number of retries.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type DataSource } from 'typeorm';
import { ANALYSES } from '../../src/analytics/registry';
import { loadConfig } from '../../src/config';
import { RowCode } from '../../src/domain/codes';
import { openDataSource } from '../../src/db/data-source';
import { migrateUp } from '../../src/db/migrate';
import { openServing, type ServingDatabase } from '../../src/db/serving';
import { saveReport } from '../../src/db/writes/save';
import { allGoldenReports, seedText } from '../support/golden';
import {
  listReadsOn,
  postgresBinaries,
  type ReplicaCluster,
  replicaCaughtUp,
  sql,
  startReplicaCluster,
} from '../support/replica-cluster';
import { type Answer, ask, health } from '../support/read-answers';
import { until } from '../support/retry';
import { runGongkai } from '../support/cli';
import { startTestServer, type TestServer } from '../support/server';

const BIN = postgresBinaries();
const SKIP = BIN
  ? false
  : 'no Postgres server binaries (initdb, pg_ctl, postgres) found: replica test not run';
if (SKIP) console.log(`# SKIPPED read-replicas: ${SKIP}`);

const SCHEMA = 'replicas';
const TOKEN = 'replica-token-1234';

let cluster: ReplicaCluster;
let writer: DataSource;
let serving: ServingDatabase;
let server: TestServer;

/** Whole: the page lists exactly the reports counted (fewer than a page here). */
const whole = (a: Answer, count: number) => !a.errors && a.totalCount === count && a.ids.length === count;

const primaryLsnReplayed = () => replicaCaughtUp(cluster);

/** `gongkai export trend` over the cluster, with the replica as read URL or none (the primary). */
function exportTrend(readUrls: string | undefined): string {
  const saved = process.env.GONGKAI_DATABASE_READ_URLS;
  if (readUrls) process.env.GONGKAI_DATABASE_READ_URLS = readUrls;
  else delete process.env.GONGKAI_DATABASE_READ_URLS;
  try {
    const run = runGongkai({ url: cluster.primary.url, schema: SCHEMA }, [
      'export',
      'trend',
      '--row',
      'NEW_RECEIVED',
    ]);
    assert.equal(run.code, 0, run.err);
    return run.out;
  } finally {
    if (saved === undefined) delete process.env.GONGKAI_DATABASE_READ_URLS;
    else process.env.GONGKAI_DATABASE_READ_URLS = saved;
  }
}
let exportedBefore: string;

const golden = allGoldenReports();
const START = golden.length - 1;

before(async () => {
  if (SKIP) return;
  cluster = await startReplicaCluster(BIN!);
  writer = await openDataSource({ url: cluster.primary.url, schema: SCHEMA });
  await migrateUp(writer);
  for (const { report } of golden.slice(0, START)) await saveReport(writer, report);
  await until('the replica replays the seed reports', primaryLsnReplayed, (c) => c);
  const limits = loadConfig({}).serving;
  serving = await openServing(writer, [cluster.replica.url], limits, SCHEMA, {
    maxLagMs: 60_000,
    checkMs: 50,
  });
  server = await startTestServer(serving, { apiToken: TOKEN, responseCacheMb: 16 });
});

after(async () => {
  if (SKIP) return;
  await server?.close();
  await serving?.close();
  await writer?.destroy();
  cluster?.close();
});

test(
  'reads go to the replica, told from the primary by pg_is_in_recovery(); /healthz says so',
  { skip: SKIP },
  async () => {
    const h = await health(server);
    assert.deepEqual(h.reads, [`replica ${cluster.replica.url}`]);
    assert.deepEqual(h.writerReads, [`primary ${cluster.primary.url}`]);
    const first = await ask(server);
    assert.ok(whole(first, START), JSON.stringify(first));
    assert.ok((await listReadsOn(cluster.replica.url)) > 0, 'the list was read on the replica');
    assert.equal(await listReadsOn(cluster.primary.url), 0, 'and not on the primary');
    assert.equal((await ask(server)).cache, 'hit');
    exportedBefore = exportTrend(cluster.replica.url);
  },
);

test(
  'replay paused: others get old but whole answers, never kept; the writer reads its own write; resumed: all new',
  { skip: SKIP },
  async () => {
    await sql(cluster.replica.url, 'SELECT pg_wal_replay_pause()');
    const g = golden[START]!.golden;
    const res = await server.gql<{ ingestReport: { status: string; report: { id: string } } }>(
      `mutation ($text: String!, $metadata: IngestMetadataInput) {
      ingestReport(text: $text, metadata: $metadata) { status report { id } }
    }`,
      {
        text: seedText(g),
        metadata: {
          fileName: g.file,
          agency: g.agency.manifestName,
          province: g.agency.province,
          city: g.agency.city,
          county: g.agency.county,
        },
      },
      { authorization: `Bearer ${TOKEN}` },
    );
    assert.equal(res.data?.ingestReport.status, 'LOADED', JSON.stringify(res.errors));
    const newId = res.data!.ingestReport.report.id;
    // The writer's next query (with its token) reads the primary: its own write.
    const mine = await ask(server, 50, { authorization: `Bearer ${TOKEN}` });
    assert.ok(whole(mine, START + 1) && mine.ids.includes(newId), JSON.stringify(mine));
    // Everyone else: the replica's snapshot, old and whole, and never kept (no hit) while it lags.
    for (let i = 0; i < 5; i++) {
      const a = await ask(server);
      assert.ok(whole(a, START) && !a.ids.includes(newId), JSON.stringify(a));
      assert.equal(a.cache, 'miss');
    }
    assert.deepEqual((await health(server)).reads, [`replica ${cluster.replica.url}`]);
    // gongkai export reads the replica too: still the old figures; the primary has the new ones.
    const trend = ANALYSES.find((a) => a.name === 'trend')!;
    const args = { row: RowCode.NEW_RECEIVED, scope: {} } as unknown as Parameters<typeof trend.run>[1];
    assert.notDeepEqual(
      await trend.run(serving.replicas[0]!.analytics, args),
      await trend.run(writer, args),
      'the replica and the primary differ now',
    );
    assert.equal(exportTrend(cluster.replica.url), exportedBefore);

    // A second server that tolerates 1 ms of lag takes the paused replica out of rotation.
    const strict = await openServing(writer, [cluster.replica.url], loadConfig({}).serving, SCHEMA, {
      maxLagMs: 1,
      checkMs: 20,
    });
    const other = await startTestServer(strict, { responseCacheMb: 16 });
    try {
      await until(
        'the lagging replica is out of rotation',
        () => health(other),
        (h) => h.reads[0]?.startsWith('primary') ?? false,
      );
      const a = await ask(other);
      assert.ok(whole(a, START + 1) && a.ids.includes(newId), JSON.stringify(a));
    } finally {
      await other.close();
      await strict.close();
    }

    await sql(cluster.replica.url, 'SELECT pg_wal_replay_resume()');
    await until('the replica replays the ingest', primaryLsnReplayed, (c) => c);
    // Every answer from now on is new; the cache fills again (a hit) once the replica is seen past the change.
    const seen = await until(
      'an answer kept from the caught-up replica',
      async () => {
        const a = await ask(server);
        assert.ok(whole(a, START + 1) && a.ids.includes(newId), JSON.stringify(a));
        return a;
      },
      (a) => a.cache === 'hit',
    );
    assert.ok(seen.ids.includes(newId));
  },
);

test(
  'a replica stopped mid-run: reads fall back to the primary with no error, and it comes back by itself',
  { skip: SKIP },
  async () => {
    // A server whose next check is far off still routes to the replica after it stopped: its
    // reads lose their connections and run again on the primary.
    const unchecked = await openServing(writer, [cluster.replica.url], loadConfig({}).serving, SCHEMA, {
      maxLagMs: 60_000,
      checkMs: 600_000,
    });
    const blind = await startTestServer(unchecked, { responseCacheMb: 0 });
    try {
      assert.ok(whole(await ask(blind, 19), START + 1));
      cluster.replica.stop('immediate');
      assert.equal(unchecked.route!().target.role, 'replica', 'not checked since');
      // Distinct page sizes: none is a cache hit, every one reads a database.
      for (let n = 20; n < 40; n++) {
        for (const s of [server, blind]) {
          const a = await ask(s, n);
          assert.ok(whole(a, START + 1), JSON.stringify(a));
        }
      }
    } finally {
      await blind.close();
      await unchecked.close();
    }
    // Those could only have been answered by the primary: the replica is down.
    await until(
      'the stopped replica is out of rotation',
      () => health(server),
      (h) => h.reads[0]?.startsWith('primary') ?? false,
    );
    // A server started while its replica is down starts, reading from the primary.
    const late = await openServing(writer, [cluster.replica.url], loadConfig({}).serving, SCHEMA, {
      maxLagMs: 60_000,
      checkMs: 20,
    });
    try {
      assert.equal(late.route!().target.role, 'primary');
      cluster.replica.start();
      await until(
        'the replica, down when the server started, is opened and in rotation',
        async () => late.route!().target.role,
        (role) => role === 'replica',
      );
    } finally {
      await late.close();
    }
    await until(
      'the replica is back in rotation',
      () => health(server),
      (h) => h.reads[0] === `replica ${cluster.replica.url}`,
    );
    const a = await ask(server, 41);
    assert.ok(whole(a, START + 1), JSON.stringify(a));
  },
);
