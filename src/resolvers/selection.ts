/**
 * Look-ahead for list pages: which fields of the nodes a connection query asks for, so that its
 * statement reads only those columns. A list page that read every column of reports and agencies
 * spent ~25% of its CPU parsing and copying values nobody asked for (BENCHMARKS.md, "Serving").
 */
import { type GraphQLResolveInfo } from 'graphql';
import { type FieldsByTypeName, parseResolveInfo, type ResolveTree } from 'graphql-parse-resolve-info';

/** The fields selected on `field` (any alias, fragment or type condition), by field name. */
function childrenOf(trees: readonly ResolveTree[]): Map<string, ResolveTree[]> {
  const out = new Map<string, ResolveTree[]>();
  for (const tree of trees) {
    for (const fields of Object.values(tree.fieldsByTypeName as FieldsByTypeName)) {
      for (const child of Object.values(fields)) out.set(child.name, [...(out.get(child.name) ?? []), child]);
    }
  }
  return out;
}

export interface NodeSelection {
  /** Field names selected on the nodes. */
  fields: Set<string>;
  /** Field names selected under one of the nodes' fields (e.g. `agency`), when it is selected. */
  under(field: string): Set<string> | undefined;
}

/** What a connection field asks of its nodes, through `nodes { … }` and `edges { node { … } }`. */
export function nodeSelection(info: GraphQLResolveInfo): NodeSelection | undefined {
  const root = parseResolveInfo(info) as ResolveTree | null;
  if (!root) return undefined;
  const top = childrenOf([root]);
  const nodes = [...(top.get('nodes') ?? []), ...(childrenOf(top.get('edges') ?? []).get('node') ?? [])];
  const children = childrenOf(nodes);
  return {
    fields: new Set(children.keys()),
    under: (field) => {
      const trees = children.get(field);
      return trees ? new Set(childrenOf(trees).keys()) : undefined;
    },
  };
}
