/**
 * PostGraphile 5, the benchmark's comparison server, lives in postgraphile/ beside this file with
 * its own package.json and lock: it declares Node 22 (README says Node 20), and in Gongkai's own
 * devDependencies it printed ~80 EBADENGINE warnings on every `npm install`. It runs on Node 20
 * with one polyfill (with-resolvers.ts). `npm run bench` installs it there on first use
 * (`npm run bench:install` does it alone).
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

export const PGL_DIR = path.join(__dirname, 'postgraphile');

/** require() from the PostGraphile folder: its modules, not Gongkai's. */
export const pglRequire = createRequire(path.join(PGL_DIR, 'package.json'));

export function pglInstalled(): boolean {
  try {
    pglRequire.resolve('postgraphile');
    return true;
  } catch {
    return false;
  }
}

/** Install the folder's locked dependencies when they are missing (npm ci: exactly the lock). */
export function ensurePostGraphile(log: (line: string) => void = console.log): void {
  if (pglInstalled()) return;
  log(
    `PostGraphile 5 is not installed for the benchmark: npm ci in ${path.relative(process.cwd(), PGL_DIR)} (once)`,
  );
  // Its packages declare Node 22: the warnings say so and nothing else, so only errors are shown.
  execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: PGL_DIR,
    stdio: 'inherit',
  });
  if (!pglInstalled()) throw new Error(`PostGraphile is still missing in ${PGL_DIR} after npm ci`);
}

if (require.main === module) ensurePostGraphile();
