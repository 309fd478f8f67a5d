/**
 * PostGraphile 5 (Amber preset, node adaptor of grafserv) over the same schema, on a free
 * loopback port, in its own process. Statements are counted by wrapping pg's Client.query, which
 * is the only way PostGraphile talks to Postgres (ask {type:'count'}; {type:'reset'} zeroes it).
 * Preload with-resolvers.ts (Node 20). Args: <url> <schema>.
 *
 * PostGraphile is installed in postgraphile/ beside this file, with a package.json of its own
 * (pgl-install.ts): it declares Node 22, so Gongkai's own install leaves it out. Its modules, pg
 * included (the one whose queries are counted), are loaded from there.
 */
import { createServer } from 'node:http';
import type pgModule from 'pg';
import { pglRequire } from './pgl-install';
import { childMain, serveChild } from './util';

/* eslint-disable @typescript-eslint/no-explicit-any -- PostGraphile's types are not installed
   with Gongkai's: its API is used untyped here, in the benchmark only. */
const pg = pglRequire('pg') as typeof pgModule;
let statements = 0;
const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
pg.Client.prototype.query = function counted(this: pgModule.Client, ...args: unknown[]) {
  statements++;
  return query.apply(this, args);
} as typeof pg.Client.prototype.query;

childMain(async () => {
  const [url, schema] = process.argv.slice(2) as [string, string];
  const { postgraphile } = pglRequire('postgraphile') as any;
  const { PostGraphileAmberPreset } = pglRequire('postgraphile/presets/amber') as any;
  const { makePgService } = pglRequire('postgraphile/adaptors/pg') as any;
  const { grafserv } = pglRequire('postgraphile/grafserv/node') as any;
  const pgl = postgraphile({
    extends: [PostGraphileAmberPreset],
    pgServices: [makePgService({ connectionString: url, schemas: [schema] })],
    grafserv: { graphqlPath: '/graphql', graphiql: false, watch: false },
    grafast: { explain: false },
  });
  const serv = pgl.createServ(grafserv);
  const server = createServer();
  await serv.addTo(server, false);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  await pgl.getSchema(); // build (introspect) now, not on the first request
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  serveChild(`http://127.0.0.1:${port}/graphql`, { count: () => statements, reset: () => (statements = 0) });
});
