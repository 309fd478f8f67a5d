/**
 * Look-ahead for list pages: which fields of the nodes a connection query asks for, so that its
 * statement reads only those columns. A list page that read every column of reports and agencies
 * spent ~25% of its CPU parsing and copying values nobody asked for (BENCHMARKS.md, "Serving").
 *
 * The walk reads field names from the query document only, following fragments and ignoring
 * @skip/@include: the answer is a superset of what a request needs (an extra column is harmless)
 * and does not depend on variables, so it is computed once per document (Apollo Server reuses
 * the parsed document across requests) rather than on every request.
 */
import {
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLResolveInfo,
  Kind,
  type SelectionSetNode,
} from 'graphql';

type Fragments = Record<string, FragmentDefinitionNode>;

/** The fields under some fields (all nodes of one response key), by name, through fragments. */
function childrenOf(fields: readonly FieldNode[], fragments: Fragments): Map<string, FieldNode[]> {
  const out = new Map<string, FieldNode[]>();
  const seen = new Set<string>();
  const visit = (set: SelectionSetNode | undefined) => {
    for (const s of set?.selections ?? []) {
      if (s.kind === Kind.FIELD) out.set(s.name.value, [...(out.get(s.name.value) ?? []), s]);
      else if (s.kind === Kind.INLINE_FRAGMENT) visit(s.selectionSet);
      else if (!seen.has(s.name.value)) {
        seen.add(s.name.value);
        visit(fragments[s.name.value]?.selectionSet);
      }
    }
  };
  for (const f of fields) visit(f.selectionSet);
  return out;
}

export interface NodeSelection {
  /** Field names selected on the nodes. */
  fields: ReadonlySet<string>;
  /** Field names selected under one of the nodes' fields (e.g. `agency`), when it is selected. */
  under(field: string): ReadonlySet<string> | undefined;
  /** Field names selected under the connection's `pageInfo`. */
  pageInfo: ReadonlySet<string>;
}

const cache = new WeakMap<FieldNode, NodeSelection>();

/** What a connection field asks of its nodes, through `nodes { … }` and `edges { node { … } }`. */
export function nodeSelection(info: GraphQLResolveInfo): NodeSelection {
  const key = info.fieldNodes[0]!;
  let selection = cache.get(key);
  if (!selection) {
    const top = childrenOf(info.fieldNodes, info.fragments);
    const edges = childrenOf(top.get('edges') ?? [], info.fragments);
    const children = childrenOf([...(top.get('nodes') ?? []), ...(edges.get('node') ?? [])], info.fragments);
    const under = new Map(
      [...children].map(([name, nodes]) => [name, new Set(childrenOf(nodes, info.fragments).keys())]),
    );
    const pageInfo = new Set(childrenOf(top.get('pageInfo') ?? [], info.fragments).keys());
    selection = { fields: new Set(children.keys()), under: (field) => under.get(field), pageInfo };
    cache.set(key, selection);
  }
  return selection;
}
