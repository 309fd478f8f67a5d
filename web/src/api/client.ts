/**
 * The dashboard's one way to the API: a typed document (generated from src/schema/client.graphql)
 * POSTed to the same gateway every client uses, at /graphql on the page's own origin.
 */
import { type TypedDocumentString } from '../generated/graphql';

export const GRAPHQL_URL = '/graphql';

export class ApiError extends Error {
  constructor(
    message: string,
    readonly codes: string[],
  ) {
    super(message);
  }
}

interface GraphQLResponse<R> {
  data?: R | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

export async function request<R, V>(
  document: TypedDocumentString<R, V>,
  variables: V,
  signal?: AbortSignal,
): Promise<R> {
  const res = await fetch(GRAPHQL_URL, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query: document.toString(), variables }),
    signal,
  });
  const body = (await res.json()) as GraphQLResponse<R>;
  if (body.errors?.length || !body.data) {
    const errors = body.errors ?? [];
    throw new ApiError(
      errors.map((e) => e.message).join('；') || `HTTP ${res.status}`,
      errors.map((e) => e.extensions?.code ?? 'UNKNOWN'),
    );
  }
  return body.data;
}
