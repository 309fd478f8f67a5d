/**
 * Execution of a subgraph's operations by graphql-jit: each distinct operation is compiled once
 * into a function that resolves and completes its fields, instead of graphql-js walking the
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
import { type GraphQLDataSourceProcessOptions, LocalGraphQLDataSource } from '@apollo/gateway';
import {
  type DocumentNode,
  type ExecutionResult,
  GraphQLError,
  type GraphQLErrorExtensions,
  type GraphQLSchema,
  parse,
  printSchema,
  validate,
} from 'graphql';
import { type CompiledQuery, compileQuery, isCompiledQuery } from 'graphql-jit';
import { LRUCache } from 'lru-cache';
import { ErrorCode } from '../errors';

/** Compiled operations kept per schema: clients' distinct queries, not their variables. */
const MAX_COMPILED = 500;

/**
 * graphql-jit's errors are look-alikes of graphql-js's without an `extensions` object, which
 * Apollo's error formatting reads; rebuild them as graphql-js errors (the cause, and with it the
 * error's code, kept as `originalError`).
 */
function toGraphQLError(e: GraphQLError, extensions?: GraphQLErrorExtensions): GraphQLError {
  const error = new GraphQLError(e.message, {
    path: e.path,
    originalError: e.originalError ?? undefined,
    extensions: extensions ?? e.extensions ?? undefined,
  });
  // There are no AST nodes to derive locations from; the compiled query kept them.
  if (e.locations) Object.assign(error, { locations: e.locations });
  return error;
}

/** Compiles an operation once per key; an operation that cannot run answers with its errors. */
export function compiler(schema: GraphQLSchema) {
  const compiled = new LRUCache<string, CompiledQuery>({ max: MAX_COMPILED });
  return async (
    key: string,
    document: () => DocumentNode | ExecutionResult,
    operationName: string | undefined,
    context: unknown,
    variables: Record<string, unknown> | undefined,
  ): Promise<ExecutionResult> => {
    let query = compiled.get(key);
    if (!query) {
      const doc = document();
      if (!('kind' in doc)) return doc;
      const result = compileQuery(schema, doc, operationName);
      if (!isCompiledQuery(result)) return result;
      query = result;
      compiled.set(key, query);
    }
    const result = await query.query(undefined, context, variables ?? {});
    if (!result.errors) return result;
    // No data at all: the variables did not fit their types, the client's error. Apollo codes
    // graphql-js's such errors BAD_USER_INPUT by their AST node, which graphql-jit's lack.
    const extensions = 'data' in result ? undefined : { code: ErrorCode.BAD_USER_INPUT };
    return { ...result, errors: result.errors.map((e) => toGraphQLError(e, extensions)) };
  };
}

/** For Apollo Server: one subgraph's schema, served alone. */
export function jitGateway(schema: GraphQLSchema): GatewayInterface {
  const run = compiler(schema);
  let onSchema: GatewaySchemaLoadOrUpdateCallback | undefined;
  // Apollo has parsed and validated the document, and hashed the query text, already.
  const executor: GatewayExecutor = (rc) =>
    run(
      `${rc.queryHash}:${rc.operationName ?? ''}`,
      () => rc.document,
      rc.operationName ?? undefined,
      rc.context,
      rc.request.variables,
    );

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

/**
 * For the in-process gateway: a subgraph's part of a query plan, run by graphql-jit. The gateway
 * sends the same few generated operations again and again; LocalGraphQLDataSource parsed,
 * validated and interpreted each one on every request.
 */
export class JitLocalDataSource extends LocalGraphQLDataSource {
  private readonly run: ReturnType<typeof compiler>;

  constructor(schema: GraphQLSchema) {
    super(schema);
    this.run = compiler(schema);
  }

  override async process({ request, context }: GraphQLDataSourceProcessOptions) {
    const source = request.query ?? '';
    const operationName = request.operationName ?? undefined;
    return this.run(
      `${operationName ?? ''}\n${source}`,
      () => {
        let doc: DocumentNode;
        try {
          doc = parse(source);
        } catch (e) {
          return { errors: [e as GraphQLError] };
        }
        const errors = validate(this.schema, doc);
        return errors.length ? { errors } : doc;
      },
      operationName,
      context,
      request.variables,
    );
  }
}
