/**
 * The HTTP floor: the floor's statements (queries.ts FLOOR_A/B/C, as floor-worker.ts runs them)
 * behind the least an HTTP server can be — plain node:http, no framework, no GraphQL — on a free
 * loopback port, in its own process. What it costs over the floor is what HTTP and JSON alone cost.
 * Each POST carries {"scenario":"a"|"b"|"c","param":number} ("param" left out for (c)); the answer
 * is 200 with the JSON text the statement returns (400 for a bad body, 404 when the statement
 * returns no row, 500 when it fails). Statements are named (prepared once per connection, as the
 * floor's are), over a pg Pool of Gongkai's and PostGraphile's default size (10). Reports its
 * CPU time and statements run like the other servers (ask {type:'count'}; {type:'reset'} zeroes
 * the statement count). Args: <url> <schema>.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import pg from 'pg';
import { FLOOR_A, FLOOR_B, FLOOR_C } from './queries';
import { childMain, serveChild } from './util';

const STATEMENTS: Record<string, { name: string; text: string; param: boolean }> = {
  a: { name: 'http_floor_a', text: FLOOR_A, param: true },
  b: { name: 'http_floor_b', text: FLOOR_B, param: true },
  c: { name: 'http_floor_c', text: FLOOR_C, param: false },
};

childMain(async () => {
  const [url, schema] = process.argv.slice(2) as [string, string];
  const pool = new pg.Pool({ connectionString: url, max: 10, options: `-c search_path=${schema},public` });
  let statements = 0;

  const reply = (res: ServerResponse, status: number, body: string) => {
    res.writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
    });
    res.end(body);
  };
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'POST') return reply(res, 405, '{"error":"POST only"}');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let statement: (typeof STATEMENTS)[string] | undefined;
    let param: unknown;
    try {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        scenario?: unknown;
        param?: unknown;
      };
      statement = typeof body.scenario === 'string' ? STATEMENTS[body.scenario] : undefined;
      param = body.param;
    } catch {
      statement = undefined;
    }
    if (!statement || (statement.param && typeof param !== 'number'))
      return reply(
        res,
        400,
        '{"error":"expected {\\"scenario\\":\\"a\\"|\\"b\\"|\\"c\\",\\"param\\":number}"}',
      );
    statements++;
    const result = await pool.query<{ json: string | null }>({
      name: statement.name,
      text: statement.text,
      values: statement.param ? [param] : [],
    });
    const json = result.rows[0]?.json;
    if (json == null) return reply(res, 404, '{"error":"not found"}');
    reply(res, 200, json);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (res.headersSent) res.destroy();
      else reply(res, 500, JSON.stringify({ error: e instanceof Error ? e.message : String(e) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  serveChild(`http://127.0.0.1:${port}/`, { count: () => statements, reset: () => (statements = 0) });
});
