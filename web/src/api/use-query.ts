/** A query run whenever its variables change; the answer of older variables is dropped. */
import { useEffect, useState } from 'react';
import { type TypedDocumentString } from '../generated/graphql';
import { request } from './client';

export interface QueryState<R> {
  data?: R;
  error?: string;
  loading: boolean;
}

export function useQuery<R, V>(
  document: TypedDocumentString<R, V>,
  variables: V,
  options: { skip?: boolean } = {},
): QueryState<R> {
  const [state, setState] = useState<QueryState<R>>({ loading: !options.skip });
  const key = JSON.stringify(variables);
  useEffect(() => {
    if (options.skip) {
      setState({ loading: false });
      return;
    }
    const abort = new AbortController();
    setState((s) => ({ data: s.data, loading: true }));
    request(document, JSON.parse(key) as V, abort.signal).then(
      (data) => setState({ data, loading: false }),
      (e: unknown) => {
        if (!abort.signal.aborted)
          setState({ error: e instanceof Error ? e.message : String(e), loading: false });
      },
    );
    return () => abort.abort();
  }, [document, key, options.skip]);
  return state;
}
