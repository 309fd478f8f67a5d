/**
 * The federation gateway: composes subgraphs into one supergraph (composeServices, in process;
 * no Rover, no network) and plans queries across them. Subgraphs run in the same process by
 * default (JitLocalDataSource: graphql-jit, sharing the request's context and loaders; operations
 * one subgraph answers alone skip the gateway's execution: direct-route.ts), or remotely over
 * HTTP (IntrospectAndCompose) for deployments across machines.
 */
import { composeServices } from '@apollo/composition';
import {
  ApolloGateway,
  type GraphQLDataSource,
  type GraphQLDataSourceProcessOptions,
  IntrospectAndCompose,
  RemoteGraphQLDataSource,
} from '@apollo/gateway';
import { printSubgraphSchema } from '@apollo/subgraph';
import { GraphQLError, type GraphQLSchema, parse } from 'graphql';
import { ConfigError } from '../errors';
import { type Config } from '../config';
import { answerErrors, LocalGateway } from './direct-route';
import { JitLocalDataSource } from './jit-executor';
import { REQUEST_ID_HEADER, type WithRequest } from './request-id';

/**
 * @apollo/gateway reports usage to Apollo by default and, doing so, probes cloud metadata
 * addresses (169.254.169.254…). Gongkai phones nowhere: off unless the operator opts in.
 */
function disableGatewayTelemetry(): void {
  process.env.APOLLO_TELEMETRY_DISABLED ??= 'true';
}

export interface LocalSubgraph {
  name: string;
  schema: GraphQLSchema;
}

/** The supergraph SDL of local subgraphs; composition errors say what clashed. */
export function composeLocal(subgraphs: readonly LocalSubgraph[]): string {
  const result = composeServices(
    subgraphs.map((s) => ({
      name: s.name,
      url: `local://${s.name}`,
      typeDefs: parse(printSubgraphSchema(s.schema)),
    })),
  );
  if (result.errors) {
    throw new ConfigError(`the subgraphs do not compose: ${result.errors.map((e) => e.message).join('; ')}`);
  }
  return result.supergraphSdl;
}

/**
 * A subgraph in this process answering as its own server would over HTTP: errors formatted, their
 * code in `extensions.code` and masked in production, before the gateway sees them. The gateway
 * keeps a subgraph error's message and code, nothing of its cause; a local data source's errors
 * have their code only on the cause, so each became DOWNSTREAM_SERVICE_ERROR, unmasked.
 */
class AnswerAsServerDataSource implements GraphQLDataSource<{ config?: Config }> {
  constructor(private readonly inner: JitLocalDataSource) {}

  async process(options: GraphQLDataSourceProcessOptions<{ config?: Config }>) {
    const response = await this.inner.process(options);
    if (!response.errors) return response;
    return { ...response, errors: answerErrors(response.errors, options.context) };
  }
}

/**
 * The gateway over subgraphs in this process (`npm start`, `gongkai serve`). Operations one
 * subgraph answers alone skip @apollo/gateway's execution (direct-route.ts) unless `direct` is
 * false, which keeps every operation on @apollo/gateway (the differential test's old path).
 */
export function localGateway(
  subgraphs: readonly LocalSubgraph[],
  options: { direct?: boolean } = {},
): LocalGateway {
  const byName = new Map(subgraphs.map((s) => [s.name, s.schema]));
  disableGatewayTelemetry();
  return new LocalGateway(
    {
      supergraphSdl: composeLocal(subgraphs),
      buildService: ({ name }) => {
        const schema = byName.get(name);
        if (!schema) throw new ConfigError(`no local subgraph named ${name}`);
        return new AnswerAsServerDataSource(new JitLocalDataSource(schema));
      },
    },
    subgraphs,
    options.direct ?? true,
  );
}

/** `name=url,name=url` as the gateway's subgraph list. */
export function parseSubgraphList(list: string): { name: string; url: string }[] {
  const out = list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((pair) => {
      const m = /^([A-Za-z][\w-]*)=(https?:\/\/\S+)$/.exec(pair);
      if (!m) throw new ConfigError(`--subgraphs takes name=url pairs separated by commas; got "${pair}"`);
      return { name: m[1]!, url: m[2]! };
    });
  if (out.length === 0) throw new ConfigError('--subgraphs needs at least one name=url');
  return out;
}

/** Passes the caller's bearer token on, so writes through the gateway reach the subgraph. */
class TokenForwardingDataSource extends RemoteGraphQLDataSource<{ token?: string } & WithRequest> {
  override willSendRequest({
    request,
    context,
  }: Parameters<
    RemoteGraphQLDataSource<{ token?: string } & WithRequest>['willSendRequest'] & object
  >[0]): void {
    if (context.token) request.http?.headers.set('authorization', `Bearer ${context.token}`);
    // The subgraph's log lines carry the id the client got from the gateway.
    if (context.request) request.http?.headers.set(REQUEST_ID_HEADER, context.request.id);
  }

  /**
   * A subgraph's non-2xx answer (503 DATABASE_UNAVAILABLE, 400 for a limit) keeps its message and
   * code, as a 200 answer's errors do; @apollo/gateway's own error says only "503: Service
   * Unavailable" and carries the subgraph's URL and body.
   */
  override async errorFromResponse(
    response: Parameters<RemoteGraphQLDataSource['errorFromResponse']>[0],
  ): Promise<GraphQLError> {
    const body = await this.parseBody(response);
    const first = (body as { errors?: { message?: unknown; extensions?: { code?: unknown } }[] }).errors?.[0];
    if (first && typeof first.message === 'string' && typeof first.extensions?.code === 'string') {
      return new GraphQLError(first.message, { extensions: { code: first.extensions.code } });
    }
    return new GraphQLError(`${response.status}: ${response.statusText}`);
  }
}

/** What RemoteGraphQLDataSource fetches with (its type differs from the global fetch's in body types only). */
type SubgraphFetcher = NonNullable<
  NonNullable<ConstructorParameters<typeof RemoteGraphQLDataSource>[0]>['fetcher']
>;

/** A gateway over subgraphs served elsewhere; it fetches their SDL at start and composes it. */
export function remoteGateway(subgraphs: { name: string; url: string }[]): ApolloGateway {
  disableGatewayTelemetry();
  return new ApolloGateway({
    supergraphSdl: new IntrospectAndCompose({ subgraphs }),
    // Node's fetch (undici), not the default make-fetch-happen: undici retires a kept-alive socket
    // before the subgraph's Keep-Alive timeout (5 s, Node's) ends it, whereas make-fetch-happen's
    // agent may send a request on a socket the subgraph is closing: "socket hang up" after an idle
    // spell (apollographql/federation#2313; seen by test/e2e/many-servers.test.ts).
    buildService: ({ url }) =>
      new TokenForwardingDataSource({ url, fetcher: fetch as unknown as SubgraphFetcher }),
  });
}
