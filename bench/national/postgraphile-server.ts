/**
 * PostGraphile 5 (Amber preset, node adaptor of grafserv) over the same schema, on a free
 * loopback port, in its own process. Statements are counted by wrapping pg's Client.query, which
 * is the only way PostGraphile talks to Postgres (ask {type:'count'}; {type:'reset'} zeroes it).
 * Preload with-resolvers.ts (Node 20). Args: <url> <schema>.
 */
import { createServer } from 'node:http';
import pg from 'pg';
import { childMain, serveChild } from './util';

let statements = 0;
const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
pg.Client.prototype.query = function counted(this: pg.Client, ...args: unknown[]) {
  statements++;
  return query.apply(this, args);
} as typeof pg.Client.prototype.query;

childMain(async () => {
  const [url, schema] = process.argv.slice(2) as [string, string];
  const { postgraphile } = await import('postgraphile');
  const { PostGraphileAmberPreset } = await import('postgraphile/presets/amber');
  const { makePgService } = await import('postgraphile/adaptors/pg');
  const { grafserv } = await import('postgraphile/grafserv/node');
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
