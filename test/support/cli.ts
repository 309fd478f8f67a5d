/** `gongkai <args>` from the sources, in a child process, over a test database's schema. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { type TestDb } from './db';

export const ROOT = path.join(__dirname, '..', '..');

export function runGongkai(
  db: Pick<TestDb, 'url' | 'schema'>,
  args: readonly string[],
  cwd = ROOT,
): { code: number | null; out: string; err: string } {
  const res = spawnSync(
    process.execPath,
    ['-r', require.resolve('@swc-node/register'), path.join(ROOT, 'src/cli/main.ts'), ...args],
    {
      cwd,
      encoding: 'utf8',
      env: {
        ...process.env,
        GONGKAI_DATABASE_URL: db.url,
        GONGKAI_DATABASE_SCHEMA: db.schema,
        // @swc-node/register looks for tsconfig.json in the working directory otherwise.
        SWC_NODE_PROJECT: path.join(ROOT, 'tsconfig.json'),
      },
    },
  );
  return { code: res.status, out: res.stdout, err: res.stderr };
}
