/**
 * The reports list asked of a server (in this process or a `gongkai serve` child) and where its
 * reads go (/healthz): the replica tests' questions.
 */
export const LIST = `query ($n: Int) { reports(first: $n) { totalCount nodes { id year } } }`;

export interface Answer {
  totalCount: number;
  ids: string[];
  /** The gongkai-cache header: hit, miss. */
  cache: string | null;
  errors?: unknown;
}

export async function ask(s: { url: string }, n = 50, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await fetch(s.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query: LIST, variables: { n } }),
  });
  const body = (await res.json()) as {
    data?: { reports: { totalCount: number; nodes: { id: string }[] } };
    errors?: unknown;
  };
  return {
    totalCount: body.data?.reports.totalCount ?? -1,
    ids: body.data?.reports.nodes.map((r) => r.id) ?? [],
    cache: res.headers.get('gongkai-cache'),
    errors: body.errors,
  };
}

/** Where the server's reads go now (`reads`) and the API token holder's (`writerReads`). */
export async function health(s: { url: string }): Promise<{ reads: string[]; writerReads: string[] }> {
  const res = await fetch(s.url.replace(/\/graphql$/, '/healthz'));
  return (await res.json()) as { reads: string[]; writerReads: string[] };
}
