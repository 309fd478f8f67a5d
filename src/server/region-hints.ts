/**
 * Hints for filters that name a region GB/T 2260 does not know (`province: "湖南x"`, an unknown
 * division code): an empty answer then says why, in `extensions.hints`. They are read from the
 * request itself (every `filter` argument, literal or from variables) by the server that answers
 * the client, so they reach it the same from a subgraph's own server, from the in-process gateway
 * and from a gateway over remote subgraphs (which does not pass subgraphs' extensions on).
 */
import { type ApolloServerPlugin, type GraphQLRequestListener } from '@apollo/server';
import { type ArgumentNode, type DocumentNode, valueFromASTUntyped, visit } from 'graphql';
import { readRegionFilter, type RegionFilterInput } from '../domain/regions';
import { sharedListenerPlugin } from './shared-listener';

/** The `filter` arguments of each document, found once (Apollo reuses a query's parsed document). */
const filterArguments = new WeakMap<DocumentNode, ArgumentNode[]>();

function filtersOf(document: DocumentNode): ArgumentNode[] {
  let found = filterArguments.get(document);
  if (!found) {
    const args: ArgumentNode[] = [];
    visit(document, {
      Argument(node) {
        if (node.name.value === 'filter') args.push(node);
      },
    });
    filterArguments.set(document, args);
    found = args;
  }
  return found;
}

const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** The hints of every region filter in the document, each once. */
export function regionHints(document: DocumentNode, variables: Record<string, unknown> = {}): string[] {
  const hints = new Set<string>();
  for (const arg of filtersOf(document)) {
    const value: unknown = valueFromASTUntyped(arg.value, variables);
    if (!value || typeof value !== 'object') continue;
    const v = value as Record<string, unknown>;
    const region: RegionFilterInput = {
      province: text(v.province),
      city: text(v.city),
      county: text(v.county),
      divisionCode: text(v.divisionCode),
    };
    for (const hint of readRegionFilter(region).hints) hints.add(hint);
  }
  return [...hints];
}

export function regionHintsPlugin<C extends object>(): ApolloServerPlugin<C> {
  const listener: GraphQLRequestListener<C> = {
    async willSendResponse({ document, request, response }) {
      if (!document || response.body.kind !== 'single') return;
      const hints = regionHints(document, request.variables);
      if (hints.length === 0) return;
      const result = response.body.singleResult;
      result.extensions = { ...result.extensions, hints };
    },
  };
  return sharedListenerPlugin(listener);
}
