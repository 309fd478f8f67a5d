/**
 * A validation rule capping selection depth. Introspection fields (`__schema`, `__type`) do not
 * count, so GraphiQL's introspection query passes; fragments are followed once each per path.
 */
import {
  type ASTVisitor,
  type FragmentDefinitionNode,
  GraphQLError,
  Kind,
  type SelectionSetNode,
  type ValidationContext,
} from 'graphql';
import { ErrorCode } from '../errors';

export function depthLimitRule(maxDepth: number) {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const def of context.getDocument().definitions) {
      if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
    }
    const depthOf = (set: SelectionSetNode, visiting: Set<string>): number => {
      let max = 0;
      for (const sel of set.selections) {
        if (sel.kind === Kind.FIELD) {
          if (sel.name.value.startsWith('__') || !sel.selectionSet) continue;
          max = Math.max(max, 1 + depthOf(sel.selectionSet, visiting));
        } else if (sel.kind === Kind.INLINE_FRAGMENT) {
          max = Math.max(max, depthOf(sel.selectionSet, visiting));
        } else {
          const frag = fragments.get(sel.name.value);
          // Unknown or cyclic fragments are reported by graphql's own rules.
          if (!frag || visiting.has(frag.name.value)) continue;
          visiting.add(frag.name.value);
          max = Math.max(max, depthOf(frag.selectionSet, visiting));
          visiting.delete(frag.name.value);
        }
      }
      return max;
    };
    return {
      OperationDefinition(node) {
        const depth = depthOf(node.selectionSet, new Set());
        if (depth > maxDepth) {
          context.reportError(
            new GraphQLError(
              `Query is ${depth} levels deep; the limit is ${maxDepth}. Split it into smaller queries.`,
              { nodes: [node], extensions: { code: ErrorCode.QUERY_TOO_DEEP, depth, maxDepth } },
            ),
          );
        }
      },
    };
  };
}
