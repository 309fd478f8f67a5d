/**
 * Execution of a subgraph's operations by graphql-jit: each distinct operation is compiled once
 * into a function that resolves and serializes the result, instead of graphql-js walking the
 * document for every request. graphql-js completing the typed views' ~1,200 leaf fields per
 * agency page was the largest share of its CPU profile (BENCHMARKS.md).
 *
 * Apollo Server 4+ has no `executor` option; its `gateway` interface is the documented place to
 * plug one in (parsing, validation, plugins and error formatting stay Apollo's).
 */
import type {
  GatewayExecutor,
  GatewayInterface,
  GatewaySchemaLoadOrUpdateCallback,
} from '@apollo/server-gateway-interface';
import { GraphQLError, type GraphQLSchema, printSchema } from 'graphql';
import { type CompiledQuery, compileQuery, isCompiledQuery } from 'graphql-jit';
import { LRUCache } from 'lru-cache';

/** Compiled operations kept per schema: a client's distinct queries, not their variables. */
const MAX_COMPILED = 500;

/**
 * graphql-jit's errors are look-alikes of graphql-js's without an `extensions` object, which
 * Apollo's error formatting reads; rebuild them as graphql-js errors (the cause, and with it the
 * error's code, kept as `originalError`).
 */
function toGraphQLError(e: GraphQLError): GraphQLError {
  const error = new GraphQLError(e.message, {
    path: e.path,
    originalError: e.originalError ?? undefined,
    extensions: e.extensions ?? undefined,
  });
  // There are no AST nodes to derive locations from; the compiled query kept them.
  if (e.locations) Object.assign(error, { locations: e.locations });
  return error;
}

export function jitGateway(schema: GraphQLSchema): GatewayInterface {
  const compiled = new LRUCache<string, CompiledQuery>({ max: MAX_COMPILED });
  let onSchema: GatewaySchemaLoadOrUpdateCallback | undefined;

  const executor: GatewayExecutor = async (rc) => {
    // Apollo hashes the query text once per request; the operation name picks within it.
    const key = `${rc.queryHash}:${rc.operationName ?? ''}`;
    let query = compiled.get(key);
    if (!query) {
      const result = compileQuery(schema, rc.document, rc.operationName ?? undefined);
      if (!isCompiledQuery(result)) return result;
      query = result;
      compiled.set(key, query);
    }
    const result = await query.query(undefined, rc.context, rc.request.variables ?? {});
    return result.errors ? { ...result, errors: result.errors.map(toGraphQLError) } : result;
  };

  return {
    onSchemaLoadOrUpdate(callback) {
      onSchema = callback;
      return () => (onSchema = undefined);
    },
    async load() {
      onSchema?.({ apiSchema: schema, coreSupergraphSdl: printSchema(schema) });
      return { executor };
    },
    async stop() {},
  };
}
