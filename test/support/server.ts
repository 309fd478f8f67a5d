/** A real Gongkai HTTP server on a free port, over a test database. */
import { type Logger } from 'typeorm';
import { type Config, loadConfig } from '../../src/config';
import { buildReportsSchema } from '../../src/server/subgraphs';
import { type App, close, createApp, type Executor, listen } from '../../src/server/app';
import { createLogger } from '../../src/server/logging';

export interface TestServer {
  url: string;
  app: App;
  /** The server's log lines, parsed (JSON, as it writes them). */
  logs: Record<string, unknown>[];
  gql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<{
    data?: T;
    errors?: { message: string; extensions?: Record<string, unknown> }[];
    status: number;
  }>;
  close(): Promise<void>;
}

/**
 * Only the limits' variables pass from the environment to a test server: GONGKAI_LIMITS_RECORD
 * (with the limits raised) records what every test's queries measure, to choose the defaults by.
 */
function limitsEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([k]) => /^GONGKAI_(MAX_|LIMITS_RECORD)/.test(k)),
  );
}

/** A server over `ds`: the reports subgraph unless another executor (a gateway) is given. */
export async function startTestServer(
  ds: Parameters<typeof createApp>[0],
  overrides: Partial<Config> = {},
  executor?: Executor,
): Promise<TestServer> {
  const config = { ...loadConfig(limitsEnv()), ...overrides };
  const logs: Record<string, unknown>[] = [];
  // Kept for the test to read instead of printed among the runner's output.
  const logger = createLogger({
    level: 'info',
    destination: { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) },
  });
  const app = await createApp(ds, config, executor ?? { schema: await buildReportsSchema() }, { logger });
  const url = await listen(app, 0, '127.0.0.1');
  return {
    url,
    app,
    logs,
    async gql(query, variables, headers = {}) {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as { data?: never; errors?: never };
      return { ...body, status: res.status };
    },
    close: () => close(app),
  };
}

/** Counts SQL statements sent through a data source. */
export class CountingLogger implements Logger {
  queries: string[] = [];
  logQuery(query: string): void {
    if (!/^(START TRANSACTION|COMMIT|ROLLBACK)/.test(query)) this.queries.push(query);
  }
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
  reset(): void {
    this.queries = [];
  }
}
