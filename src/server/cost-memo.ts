/**
 * The cost estimate (graphql-query-complexity over the document) once per distinct document and
 * the values it depends on, instead of once per request (issue 15: the walk was 0.4 ms of CPU per
 * agency page, a third of its serving CPU; BENCHMARKS.md, "Issue #15").
 *
 * An estimate depends on the document (fixed for a parsed document: Apollo keeps one DocumentNode
 * per query text) and on the values of the arguments the estimator reads (page sizes, filters,
 * groupBy) and of @skip/@include conditions. While computing, the estimator's argument objects
 * record which arguments it reads; the variables inside those arguments and inside any directive
 * are the estimate's inputs, and the estimate is kept under their values. A request that differs
 * only in other variables (an agency id, a cursor) reuses it. The estimator being a function of
 * what it reads, a kept estimate is the one a new computation would give.
 */
import {
  type DocumentNode,
  type FieldNode,
  type GraphQLSchema,
  TypeInfo,
  type ValueNode,
  visit,
  visitWithTypeInfo,
} from 'graphql';
import { type ComplexityEstimator, getComplexity } from 'graphql-query-complexity';

/** Estimates kept per document and operation (one per distinct value of its inputs). */
const MAX_KEPT = 256;

interface Inputs {
  /** The variables the estimate read, in a fixed order. */
  variables: string[];
  costs: Map<string, number>;
}

/** All of an argument's or directive's variables. */
function variablesIn(value: ValueNode, into: Set<string>): void {
  visit(value, { Variable: (v) => void into.add(v.name.value) });
}

export class CostMemo {
  private readonly documents = new WeakMap<DocumentNode, Map<string, Inputs[]>>();
  /** Estimates computed (not taken from the memo): tests count them. */
  computed = 0;

  constructor(
    private readonly estimator: ComplexityEstimator,
    private readonly maxQueryNodes: number,
  ) {}

  /** The estimate, as getComplexity gives it (and throws). */
  cost(
    schema: GraphQLSchema,
    document: DocumentNode,
    operationName: string | undefined,
    variables: Record<string, unknown> | undefined,
  ): number {
    const vars = variables ?? {};
    let byOperation = this.documents.get(document);
    if (!byOperation) {
      byOperation = new Map();
      this.documents.set(document, byOperation);
    }
    const kept = byOperation.get(operationName ?? '') ?? [];
    for (const inputs of kept) {
      const hit = inputs.costs.get(keyOf(inputs.variables, vars));
      if (hit !== undefined) return hit;
    }
    const { cost, read } = this.compute(schema, document, operationName, vars);
    const names = [...this.inputVariables(schema, document, read)].sort();
    let inputs = kept.find((i) => i.variables.join(',') === names.join(','));
    if (!inputs) {
      inputs = { variables: names, costs: new Map() };
      kept.push(inputs);
      byOperation.set(operationName ?? '', kept);
    }
    if (inputs.costs.size >= MAX_KEPT) inputs.costs.clear();
    inputs.costs.set(keyOf(names, vars), cost);
    return cost;
  }

  /** getComplexity, noting which arguments of which fields (Type.field) the estimator read. */
  private compute(
    schema: GraphQLSchema,
    document: DocumentNode,
    operationName: string | undefined,
    variables: Record<string, unknown>,
  ): { cost: number; read: Map<string, Set<string> | 'all'> } {
    const read = new Map<string, Set<string> | 'all'>();
    const note = (field: string, arg: string | symbol | 'all') => {
      const seen = read.get(field);
      if (seen === 'all') return;
      if (arg === 'all') read.set(field, 'all');
      else if (typeof arg === 'string') read.set(field, (seen ?? new Set()).add(arg));
    };
    const recording: ComplexityEstimator = (options) => {
      const field = `${options.type.name}.${options.field.name}`;
      const args = new Proxy(options.args, {
        get: (target, p, receiver) => (note(field, p), Reflect.get(target, p, receiver)),
        has: (target, p) => (note(field, p), Reflect.has(target, p)),
        getOwnPropertyDescriptor: (target, p) => (
          note(field, p),
          Reflect.getOwnPropertyDescriptor(target, p)
        ),
        ownKeys: (target) => (note(field, 'all'), Reflect.ownKeys(target)),
      });
      return this.estimator({ ...options, args });
    };
    const cost = getComplexity({
      schema,
      query: document,
      variables,
      operationName,
      estimators: [recording],
      maxQueryNodes: this.maxQueryNodes,
    });
    this.computed++;
    return { cost, read };
  }

  /** The variables inside the arguments read and inside any directive (@skip, @include). */
  private inputVariables(
    schema: GraphQLSchema,
    document: DocumentNode,
    read: Map<string, Set<string> | 'all'>,
  ): Set<string> {
    const out = new Set<string>();
    const typeInfo = new TypeInfo(schema);
    visit(
      document,
      visitWithTypeInfo(typeInfo, {
        Directive: (node) => {
          for (const arg of node.arguments ?? []) variablesIn(arg.value, out);
        },
        Field: (node: FieldNode) => {
          const parent = typeInfo.getParentType();
          const args = parent && read.get(`${parent.name}.${node.name.value}`);
          if (!args) return;
          for (const arg of node.arguments ?? []) {
            if (args === 'all' || args.has(arg.name.value)) variablesIn(arg.value, out);
          }
        },
        // The operation's own variable definitions hold defaults, not uses.
        VariableDefinition: () => false,
      }),
    );
    return out;
  }
}

/** The values of the input variables, absent ones told from null. */
function keyOf(names: readonly string[], variables: Record<string, unknown>): string {
  return JSON.stringify(names.map((n) => (Object.hasOwn(variables, n) ? [variables[n]] : [])));
}
