/**
 * The dashboard (web/, built into web/dist by `npm install`'s prepare step): its index.html on
 * `/` and on each view's path (the view's state is in the URL), its hashed assets cached for good.
 * Without a build, `/` sends browsers to GraphiQL as before.
 */
import fs from 'node:fs';
import path from 'node:path';
import express, { type Router } from 'express';

/** The views' paths (web/src/state/route.ts). */
export const DASHBOARD_PATHS = ['/', '/refusals', '/agency', '/quality', '/rankings'];

/** web/dist beside the package.json above this file (src/server here, dist/src/server when compiled). */
export function dashboardDir(from = __dirname): string | undefined {
  for (let dir = from; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) {
      const dist = path.join(dir, 'web', 'dist');
      return fs.existsSync(path.join(dist, 'index.html')) ? dist : undefined;
    }
  }
  return undefined;
}

export function dashboardRoutes(fallback: string, dist = dashboardDir()): Router {
  const router = express.Router();
  if (!dist) {
    router.get('/', (_req, res) => res.redirect(fallback));
    return router;
  }
  const index = path.join(dist, 'index.html');
  for (const p of DASHBOARD_PATHS) {
    // index.html is small and names the current assets: never kept stale.
    router.get(p, (_req, res) => res.set('cache-control', 'no-cache').sendFile(index));
  }
  router.use(
    '/assets',
    express.static(path.join(dist, 'assets'), { immutable: true, maxAge: '1y', fallthrough: false }),
  );
  return router;
}
