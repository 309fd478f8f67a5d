/**
 * Limits checked before an operation runs, on every server (a subgraph alone, the in-process
 * gateway, a gateway over remote subgraphs): tokens while Apollo parses, depth, aliases,
 * directives and introspection while it validates (rules that visit each fragment once), then,
 * with the request's variables, the trusted-document list and the cost. A rejection is HTTP 400
 * with a code, the limit's variable, its value and what was found; nothing reaches Postgres.
 */
import {
  type ApolloServerPlugin,
  type GraphQLRequestContext,
  type GraphQLRequestListener,
} from '@apollo/server';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import {
  type ASTVisitor,
  type DocumentNode,
  GraphQLError,
  type GraphQLSchema,
  Kind,
  Lexer,
  type OperationDefinitionNode,
  Source,
  TokenKind,
  validate,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { getComplexity } from 'graphql-query-complexity';
import { createHash } from 'node:crypto';
import { appendFileSync, readFileSync } from 'node:fs';
import { type Config, type Limits } from '../config';
import { BadUserInputError, ConfigError, ErrorCode, GongkaiError } from '../errors';
import { listSizeEstimator } from './cost';
import { CostMemo } from './cost-memo';
import { checkArguments } from './validate-arguments';
import { sharedListenerPlugin } from './shared-listener';

/** A request over one of the limits: which one (its variable), its value, and what was found. */
export class LimitError extends GongkaiError {
  constructor(code: ErrorCode, message: string, limit: string, max: number, found?: number) {
    super(code, message, { limit, max, ...(found === undefined ? {} : { found }) });
  }

  /** As a GraphQL error Apollo answers with HTTP 400. */
  toGraphQLError(): GraphQLError {
    return new GraphQLError(this.message, {
      extensions: { code: this.code, ...this.details, http: { status: 400 } },
      originalError: this,
    });
  }
}

/**
 * The cost walk visits a fragment at every spread (it multiplies list sizes along each path);
 * past this many visited selections it stops, which ends fragment bombs in bounded time.
 */
const MAX_COST_NODES = 20_000;

const found = (message: string): number | undefined => {
  const m = /found (\d+)/.exec(message);
  return m ? Number(m[1]) : undefined;
};

/** A graphql-armor rule's rejection, reported with our code and the variable that sets it. */
function reject(code: ErrorCode, what: string, variable: string, max: number, advice: string) {
  return [
    (context: ValidationContext | null, error: GraphQLError) => {
      const n = found(error.message);
      context?.reportError(
        new GraphQLError(
          `The query has ${n ?? 'more than'} ${what}; this server allows ${max} (${variable}). ${advice}`,
          { extensions: { code, limit: variable, max, ...(n === undefined ? {} : { found: n }) } },
        ),
      );
    },
  ];
}

function noIntrospection(context: ValidationContext): ASTVisitor {
  return {
    Field(node) {
      const name = node.name.value;
      if (name === '__schema' || name === '__type') {
        context.reportError(
          new GraphQLError(
            `Introspection (${name}) is turned off on this server (GONGKAI_INTROSPECTION=false); the schema is in src/schema/*.graphql`,
            { nodes: [node], extensions: { code: ErrorCode.INTROSPECTION_DISABLED } },
          ),
        );
      }
    },
  };
}

/** The validation rules of the limits that depend on the document alone (Apollo caches those). */
export function limitRules(config: Config): ValidationRule[] {
  const { limits, maxQueryDepth } = config;
  const rules: ValidationRule[] = [
    maxDepthRule({
      n: maxQueryDepth,
      // Fragments add no depth of their own, as in execution.
      flattenFragments: true,
      propagateOnRejection: false,
      onReject: reject(
        ErrorCode.QUERY_TOO_DEEP,
        'levels of nested fields',
        'GONGKAI_MAX_QUERY_DEPTH',
        maxQueryDepth,
        'Split it into smaller queries.',
      ),
    }),
    maxAliasesRule({
      n: limits.maxAliases,
      propagateOnRejection: false,
      onReject: reject(
        ErrorCode.TOO_MANY_ALIASES,
        'aliased fields',
        'GONGKAI_MAX_ALIASES',
        limits.maxAliases,
        'Ask for a list once (e.g. with groupBy or a filter) instead of one alias per item.',
      ),
    }),
    maxDirectivesRule({
      n: limits.maxDirectives,
      propagateOnRejection: false,
      onReject: reject(
        ErrorCode.TOO_MANY_DIRECTIVES,
        'directives',
        'GONGKAI_MAX_DIRECTIVES',
        limits.maxDirectives,
        'Use fewer @include/@skip directives.',
      ),
    }),
  ];
  if (!limits.introspection) rules.push(noIntrospection);
  return rules;
}

/** Apollo's parse options: the parser stops at the token limit (a document of 10 MB never gets parsed). */
export function parseOptions(limits: Limits): { maxTokens: number } {
  return { maxTokens: limits.maxTokens };
}

/** graphql-js's message when parsing stopped at `maxTokens`. */
const TOKEN_LIMIT = /^Syntax Error: Document contains more th(?:an|at) (\d+) tokens/;

/** Apollo's answer to a document over the token limit, as ours (its code says which limit). */
export function tokenLimitError(
  message: string,
): { code: ErrorCode; message: string; max: number } | undefined {
  const m = TOKEN_LIMIT.exec(message);
  if (!m) return undefined;
  const max = Number(m[1]);
  return {
    code: ErrorCode.TOO_MANY_TOKENS,
    max,
    message: `The document has more than ${max} tokens; this server parses at most ${max} (GONGKAI_MAX_TOKENS). Send a shorter query.`,
  };
}

/** sha256 of a document's text, in hex: the key of a trusted document (and of Apollo's APQ). */
export const documentHash = (text: string): string => createHash('sha256').update(text).digest('hex');

/** The trusted documents file: a JSON object of sha256 (hex) → document, each key checked. */
export function loadTrustedDocuments(file: string): Map<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ConfigError(
      `GONGKAI_TRUSTED_DOCUMENTS: cannot read ${file} as JSON (${(e as Error).message}); generate it with npm run trusted-documents`,
    );
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ConfigError(`GONGKAI_TRUSTED_DOCUMENTS: ${file} must hold a JSON object of sha256 → document`);
  }
  const documents = new Map<string, string>();
  for (const [hash, text] of Object.entries(parsed)) {
    if (typeof text !== 'string' || documentHash(text) !== hash.toLowerCase()) {
      throw new ConfigError(
        `GONGKAI_TRUSTED_DOCUMENTS: in ${file}, "${hash}" is not the sha256 of its document; generate the file with npm run trusted-documents`,
      );
    }
    documents.set(hash.toLowerCase(), text);
  }
  return documents;
}

/** Whether an operation asks only for the schema (`__schema`, `__type`, `__typename`). */
function introspectionOnly(operation: OperationDefinitionNode): boolean {
  return operation.selectionSet.selections.every(
    (s) => s.kind === Kind.FIELD && s.name.value.startsWith('__'),
  );
}

/**
 * Apollo's persisted-query store over the trusted documents: a client may send only a listed
 * document's hash (`extensions.persistedQuery.sha256Hash`); nothing else is ever stored.
 */
export function trustedDocumentStore(documents: ReadonlyMap<string, string>) {
  return {
    // Apollo prefixes the hash with "apq:".
    get: async (key: string) => documents.get(key.replace(/^apq:/, '')),
    set: async () => {},
    delete: async () => {},
  };
}

/** Tokens of a document (graphql-js's lexer), for the limits record. */
function countTokens(text: string): number {
  const lexer = new Lexer(new Source(text));
  let n = 0;
  while (lexer.advance().kind !== TokenKind.EOF) n++;
  return n;
}

/** The figures limits are checked against, measured without limits (for GONGKAI_LIMITS_RECORD). */
export function measure(
  maxPageSize: number,
  schema: GraphQLSchema,
  document: DocumentNode,
  source: string,
  variables: Record<string, unknown> | undefined,
  operationName: string | undefined,
): { tokens: number; depth: number; aliases: number; directives: number; cost: number } {
  const figures = { tokens: countTokens(source), depth: 0, aliases: 0, directives: 0, cost: 0 };
  const keep = (key: 'depth' | 'aliases' | 'directives') => [
    (_: ValidationContext | null, { n }: { n: number }) => void (figures[key] = Math.max(figures[key], n)),
  ];
  validate(schema, document, [
    maxDepthRule({ n: Infinity, flattenFragments: true, onAccept: keep('depth') }),
    maxAliasesRule({ n: Infinity, onAccept: keep('aliases') }),
    maxDirectivesRule({ n: Infinity, onAccept: keep('directives') }),
  ]);
  figures.cost = getComplexity({
    schema,
    query: document,
    variables,
    operationName,
    estimators: [listSizeEstimator(maxPageSize)],
    maxQueryNodes: Infinity,
  });
  return figures;
}

/**
 * The checks that need the request's variables or its hash, once the operation is known: the
 * trusted-document list (when set), then the cost. Each rejection is a LimitError (HTTP 400).
 */
export function limitsPlugin<C extends object>(config: Config): ApolloServerPlugin<C> {
  const { limits } = config;
  // Once per distinct document and the values its estimate reads, not once per request.
  const costs = new CostMemo(listSizeEstimator(config.maxPageSize), MAX_COST_NODES);
  const trusted = limits.trustedDocuments ? loadTrustedDocuments(limits.trustedDocuments) : undefined;

  const checkTrusted = (rc: GraphQLRequestContext<C>) => {
    if (!trusted || !rc.operation) return;
    if (rc.queryHash && trusted.has(rc.queryHash)) return;
    // GraphiQL's schema queries answer to GONGKAI_INTROSPECTION, not to the list.
    if (limits.introspection && introspectionOnly(rc.operation)) return;
    throw new LimitError(
      ErrorCode.OPERATION_NOT_TRUSTED,
      `This server runs only trusted documents (GONGKAI_TRUSTED_DOCUMENTS, ${trusted.size} of them), and this query is not one; send a listed document, or its sha256 as extensions.persistedQuery.sha256Hash`,
      'GONGKAI_TRUSTED_DOCUMENTS',
      trusted.size,
    ).toGraphQLError();
  };

  const checkCost = (rc: GraphQLRequestContext<C>) => {
    if (!rc.document) return;
    let cost: number;
    try {
      cost = costs.cost(rc.schema, rc.document, rc.operationName ?? undefined, rc.request.variables);
    } catch (e) {
      // Bad variables are left to execution, which says which one; a walk cut short is too costly.
      if (!(e instanceof GraphQLError) || !/maximum allowed number of nodes/.test(e.message)) return;
      cost = Infinity;
    }
    if (cost > limits.maxCost) {
      const size = Number.isFinite(cost)
        ? `about ${Math.round(cost)}`
        : `more than ${MAX_COST_NODES} selections`;
      throw new LimitError(
        ErrorCode.QUERY_TOO_COMPLEX,
        `The query's estimated cost is ${size}; this server allows ${limits.maxCost} (GONGKAI_MAX_COST). Ask for smaller pages (first, limit), fewer fields, a narrower filter or a coarser groupBy.`,
        'GONGKAI_MAX_COST',
        limits.maxCost,
        Number.isFinite(cost) ? Math.round(cost) : undefined,
      ).toGraphQLError();
    }
  };

  const record = (rc: GraphQLRequestContext<C>) => {
    if (!limits.record || !rc.document || rc.source === undefined) return;
    const figures = measure(
      config.maxPageSize,
      rc.schema,
      rc.document,
      rc.source,
      rc.request.variables,
      rc.operationName ?? undefined,
    );
    const line = {
      operationName: rc.operationName,
      bytes: Buffer.byteLength(rc.source),
      ...figures,
      query: rc.source.replace(/\s+/g, ' ').slice(0, 160),
    };
    appendFileSync(limits.record, `${JSON.stringify(line)}\n`);
  };

  const listener: GraphQLRequestListener<C> = {
    async didResolveOperation(rc) {
      record(rc);
      checkTrusted(rc);
      if (rc.document && rc.operation) {
        try {
          checkArguments(rc.schema, rc.document, rc.operation, rc.request.variables);
        } catch (e) {
          if (!(e instanceof BadUserInputError)) throw e;
          throw new GraphQLError(e.message, {
            extensions: { code: e.code, ...e.details, http: { status: 400 } },
            originalError: e,
          });
        }
      }
      checkCost(rc);
    },
  };
  return sharedListenerPlugin(listener);
}
