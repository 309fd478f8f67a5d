/**
 * The in-process gateway with a shortcut (issue 15): an operation whose query plan is one fetch
 * from one subgraph runs on that subgraph's schema directly (graphql-jit, compiled once per
 * document), as the subgraph's own server runs it, instead of through @apollo/gateway's plan
 * execution and result shaping — a quarter of the gateway's CPU for such plans (BENCHMARKS.md,
 * "Issue #15"). The plan decides: @apollo/gateway plans and answers each distinct operation the
 * first time it is asked and reports the plan (experimental_didResolveQueryPlan); an operation
 * planned as one fetch (or one per branch of a @skip/@include condition), with no entity step, no
 * rewrites, no @defer and no introspection, runs directly from then on. Everything else (plans
 * across subgraphs, introspection) stays with @apollo/gateway.
 *
 * The answers are the gateway's: variables are checked against the API schema as the gateway
 * checks them, and errors go through the steps a subgraph's errors go through in the gateway
 * (formatted and masked as the subgraph's server would, then carrying the subgraph's name and no
 * locations). test/e2e/direct-route.test.ts asks both paths the same queries.
 */
import {
  ApolloGateway,
  type Experimental_DidResolveQueryPlanCallback,
  type GatewayConfig,
} from '@apollo/gateway';
import type {
  GatewayExecutor,
  GatewayGraphQLRequestContext,
  GatewayInterface,
  GatewaySchemaLoadOrUpdateCallback,
} from '@apollo/server-gateway-interface';
import {
  BREAK,
  type DocumentNode,
  type ExecutionResult,
  getVariableValues,
  GraphQLError,
  type GraphQLFormattedError,
  type GraphQLSchema,
  validate,
  visit,
} from 'graphql';
import { LRUCache } from 'lru-cache';
import { type Config } from '../config';
import { subgraphAnswerErrors } from './errors';
import { compiler } from './jit-executor';
import { type WithRequest } from './request-id';
import { variablesFit } from './validate-arguments';

type Plan = Parameters<Experimental_DidResolveQueryPlanCallback>[0]['queryPlan'];
type PlanNode = NonNullable<Plan['node']>;

/** Routes kept: clients' distinct operations (as many as compiled operations are kept). */
const MAX_ROUTES = 1000;

/**
 * The one subgraph a plan fetches from, when the gateway has nothing to do to its answer: one
 * fetch, or a condition (@skip/@include on a variable) whose branches are such fetches from the
 * same subgraph, none with an entity step (`requires`), rewrites or @defer. Else undefined.
 */
export function singleFetchService(node: PlanNode | undefined): string | undefined {
  const services = new Set<string>();
  const plain = (n: PlanNode | undefined): boolean => {
    if (!n) return true;
    if (n.kind === 'Fetch') {
      if (
        n.requires?.length ||
        n.inputRewrites?.length ||
        n.outputRewrites?.length ||
        n.contextRewrites?.length ||
        n.hasDefers
      )
        return false;
      services.add(n.serviceName);
      return true;
    }
    if (n.kind === 'Condition') return plain(n.ifClause) && plain(n.elseClause);
    return false;
  };
  return plain(node) && services.size === 1 ? [...services][0] : undefined;
}

/** Whether a document asks for the schema (the gateway answers that from the API schema). */
function asksIntrospection(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    Field(node) {
      if (node.name.value === '__schema' || node.name.value === '__type') {
        found = true;
        return BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/**
 * A subgraph's error as @apollo/gateway passes it on (its downstreamServiceError): message, path
 * and extensions kept, the subgraph's name added, no locations; the formatted answer as its cause.
 */
function asGatewayError(error: GraphQLFormattedError, serviceName: string): GraphQLError {
  return new GraphQLError(error.message || `Error while fetching subquery from service "${serviceName}"`, {
    originalError: error as unknown as Error,
    path: error.path,
    extensions: {
      ...error.extensions,
      serviceName,
      code: error.extensions?.code ?? 'DOWNSTREAM_SERVICE_ERROR',
    },
  });
}

/**
 * A subgraph's errors as its server would send them: formatted and, in production (or when the
 * request carries no configuration: the safe side), masked; internal ones logged once.
 */
export function answerErrors(
  errors: readonly (GraphQLError | GraphQLFormattedError)[],
  context: unknown,
): GraphQLFormattedError[] {
  const c = context as { config?: Config } & WithRequest;
  return subgraphAnswerErrors(errors, c.config?.production ?? true, c.request?.log);
}

interface Direct {
  service: string;
  run: ReturnType<typeof compiler>;
}

const routeKey = (rc: { queryHash: string; request: { operationName?: string } }) =>
  `${rc.queryHash}:${rc.request.operationName ?? ''}`;

export interface LocalSubgraphSchema {
  name: string;
  schema: GraphQLSchema;
}

/** @apollo/gateway over subgraphs in this process, answering one-subgraph operations directly. */
export class LocalGateway implements GatewayInterface {
  readonly gateway: ApolloGateway;
  /** Per operation (query hash and name): the subgraph answering it alone, or false (the gateway). */
  private readonly routes = new LRUCache<string, Direct | false>({ max: MAX_ROUTES });
  private readonly subgraphs: Map<string, { schema: GraphQLSchema; run: ReturnType<typeof compiler> }>;
  /** Requests answered directly and through @apollo/gateway (tests count them). */
  readonly counts = { direct: 0, gateway: 0 };

  constructor(config: GatewayConfig, subgraphs: readonly LocalSubgraphSchema[], direct = true) {
    this.subgraphs = new Map(subgraphs.map((s) => [s.name, { schema: s.schema, run: compiler(s.schema) }]));
    this.gateway = new ApolloGateway({
      ...config,
      ...(direct
        ? {
            experimental_didResolveQueryPlan: ({ queryPlan, requestContext }) =>
              this.planned(queryPlan, requestContext),
          }
        : {}),
    });
  }

  /** The gateway planned an operation: note whether one subgraph can answer it alone. */
  private planned(plan: Plan, rc: GatewayGraphQLRequestContext): void {
    const service = singleFetchService(plan.node);
    const subgraph = service ? this.subgraphs.get(service) : undefined;
    const direct =
      service &&
      subgraph &&
      !asksIntrospection(rc.document) &&
      // Every field asked for is the subgraph's own (the plan says so; its schema confirms it).
      validate(subgraph.schema, rc.document).length === 0;
    this.routes.set(routeKey(rc), direct ? { service, run: subgraph.run } : false);
  }

  /** As the subgraph's own server answers, with the gateway's checks and error shape. */
  private async direct(route: Direct, rc: GatewayGraphQLRequestContext): Promise<ExecutionResult> {
    const definitions = rc.operation.variableDefinitions;
    // Most requests' variables are leaves that fit: told without coercing them (validate-arguments.ts).
    if (definitions?.length && variablesFit(rc.schema, rc.operation, rc.request.variables) !== true) {
      const { errors } = getVariableValues(rc.schema, definitions, rc.request.variables ?? {});
      if (errors) return { errors };
    }
    const result = await route.run(
      routeKey(rc),
      () => rc.document,
      rc.request.operationName,
      rc.context,
      rc.request.variables,
    );
    if (!result.errors) return result;
    const errors = answerErrors(result.errors, rc.context).map((e) => asGatewayError(e, route.service));
    return { ...result, errors };
  }

  onSchemaLoadOrUpdate(callback: GatewaySchemaLoadOrUpdateCallback): () => void {
    return this.gateway.onSchemaLoadOrUpdate(callback);
  }

  async load(options?: Parameters<ApolloGateway['load']>[0]) {
    const loaded = await this.gateway.load(options);
    const viaGateway = loaded.executor;
    const executor: GatewayExecutor = (rc) => {
      const route = this.routes.get(routeKey(rc));
      if (!route) {
        this.counts.gateway++;
        return viaGateway(rc);
      }
      this.counts.direct++;
      return this.direct(route, rc);
    };
    return { ...loaded, executor };
  }

  stop(): Promise<void> {
    return this.gateway.stop();
  }
}
