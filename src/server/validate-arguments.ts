/**
 * Every argument of every field, checked once the operation is known and before any resolver
 * runs (so before SQL): ids, cursors, years, limits, section numbers, shares, and every string
 * (no NUL character, which Postgres cannot store; a length cap). GraphQL has already checked types
 * and enums. A rejection is BAD_USER_INPUT naming the argument (`filter.yearFrom`), HTTP 400.
 *
 * Rules go by argument (or input field) name, the same on a subgraph's schema and the gateway's,
 * and the walk goes over the document's fields once each (fragments as written, not expanded).
 */
import {
  type DocumentNode,
  type FieldNode,
  getArgumentValues,
  getNamedType,
  type GraphQLEnumType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLScalarType,
  getVariableValues,
  type GraphQLSchema,
  isInputType,
  isLeafType,
  isListType,
  isNonNullType,
  Kind,
  type OperationDefinitionNode,
  typeFromAST,
  TypeInfo,
  valueFromAST,
  type ValueNode,
  visit,
  visitWithTypeInfo,
} from 'graphql';
import { parseId } from '../domain/ids';
import { BadUserInputError, type GongkaiError } from '../errors';
import { decodeCursor } from '../schema/types/pagination';

/** Longest string argument, but for the fields below that take a report's text or file. */
export const MAX_STRING_LENGTH = 2_000;
/** Arguments that carry a whole report (checked and capped by the parser and the mutation). */
const LONG_STRINGS = new Set(['Mutation.ingestReport.text', 'Mutation.ingestReport.file']);

const MAX_INT4 = 2_147_483_647;
/** Years a report can be about: the regulations date from 2008; smallint in the database. */
export const YEARS = { min: 2000, max: 2100 };

type Check = (value: unknown, name: string) => string | undefined;

const wholeIn =
  (min: number, max: number): Check =>
  (v, name) =>
    typeof v === 'number' && (!Number.isInteger(v) || v < min || v > max)
      ? `${name} must be a whole number from ${min} to ${max}; got ${v}`
      : undefined;

const year: Check = (v, name) =>
  typeof v === 'number' && (!Number.isInteger(v) || v < YEARS.min || v > YEARS.max)
    ? `${name} must be a year from ${YEARS.min} to ${YEARS.max}; got ${v}`
    : undefined;

const id: Check = (v, name) => {
  if (v === undefined || v === null) return undefined;
  try {
    parseId(typeof v === 'number' ? v : String(v), name);
    return undefined;
  } catch (e) {
    return (e as GongkaiError).message;
  }
};

const cursor: Check = (v) => {
  if (typeof v !== 'string') return undefined;
  try {
    if (decodeCursor(v) <= MAX_INT4) return undefined;
  } catch (e) {
    return (e as GongkaiError).message;
  }
  return `Invalid cursor "${v}": pass an endCursor from a previous page`;
};

const share: Check = (v, name) =>
  typeof v === 'number' && !(v >= 0 && v <= 1) ? `${name} must be from 0 to 1; got ${v}` : undefined;

const count: Check = (v, name) =>
  typeof v === 'number' && !(Number.isFinite(v) && v >= 0 && v <= 1e12)
    ? `${name} must be a number of requests from 0 to 10^12; got ${v}`
    : undefined;

/** Checks by argument or input field name (items of a list are checked by the list's name). */
const BY_NAME: Record<string, Check> = {
  id,
  agencyIds: id,
  after: cursor,
  before: cursor,
  year,
  years: year,
  yearFrom: year,
  yearTo: year,
  limit: wholeIn(1, MAX_INT4),
  section: wholeIn(1, 6),
  number: wholeIn(1, 6),
  minSimilarity: share,
  minRequests: count,
};

function fail(argument: string, message: string): never {
  throw new BadUserInputError(message, { argument });
}

/** Checks one value (an argument, an input field, a list item) and what it holds. */
function check(value: unknown, name: string, path: string, field: string): void {
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) {
    for (const item of value) check(item, name, path, field);
    return;
  }
  // A report's text or file is the parser's to read (it answers PARSE_ERROR with where).
  if (typeof value === 'string' && !LONG_STRINGS.has(`${field}.${path}`)) {
    if (value.includes('\u0000')) fail(path, `${path} must not contain NUL characters (\\u0000)`);
    if (value.length > MAX_STRING_LENGTH) {
      fail(path, `${path} is ${value.length} characters long; at most ${MAX_STRING_LENGTH} are taken`);
    }
  }
  if (typeof value === 'object') {
    // Input objects and _entities' representations: their fields by name.
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      check(v, k, `${path}.${k}`, field);
    }
    return;
  }
  const rule = BY_NAME[name];
  const message = rule?.(value, path);
  if (message) fail(path, message);
}

/** A field with arguments, as the walk over the document finds it. */
interface ArgumentField {
  def: GraphQLField<unknown, unknown>;
  node: FieldNode;
  /** Type.field */
  field: string;
}

/**
 * The fields with arguments of an operation (and of the document's fragments), in the walk's
 * order: the same for every request of a parsed document, so found once per document (Apollo
 * keeps one DocumentNode per query text). Walking the whole document per request with TypeInfo
 * was 0.16 ms of CPU per agency page (BENCHMARKS.md, "Issue #15"); the values still are per request.
 */
const argumentFieldsOf = new WeakMap<
  OperationDefinitionNode,
  { schema: GraphQLSchema; document: DocumentNode; fields: ArgumentField[] }
>();

function argumentFields(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
): ArgumentField[] {
  const known = argumentFieldsOf.get(operation);
  if (known && known.schema === schema && known.document === document) return known.fields;
  const fields: ArgumentField[] = [];
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      OperationDefinition: (node) => (node === operation ? undefined : false),
      Field(node) {
        const def = typeInfo.getFieldDef();
        const parent = typeInfo.getParentType();
        if (!def || !parent || !node.arguments?.length) return;
        fields.push({ def, node, field: `${parent.name}.${def.name}` });
      },
    }),
  );
  argumentFieldsOf.set(operation, { schema, document, fields });
  return fields;
}

/** An argument's value for a request: fixed by the document, from a variable, or none. */
type ArgumentPlan =
  | { name: string; kind: 'fixed'; value: unknown }
  | { name: string; kind: 'variable'; variable: string; fallback: unknown; nonNull: boolean }
  /** Absent, nullable, no default: not in the arguments. */
  | { name: string; kind: 'omitted' }
  /** The argument cannot have a value (null for a non-null type, a literal that does not fit): the field is left to execution. */
  | { name: string; kind: 'invalid' };

interface VariablePlan {
  name: string;
  type: GraphQLInputType;
  /** The operation's default for it, when it has one (as getVariableValues coerces it). */
  fallback?: { value: unknown };
}

/**
 * How to get an operation's arguments for a request without graphql-js's coercion of the whole
 * operation (getVariableValues, then getArgumentValues per field): made once per operation, for
 * operations whose variables are scalars and enums (possibly in lists) and whose literal arguments
 * hold no variables; anything else (input objects in variables) takes the general way. Values
 * come out as graphql-js's would (same parseValue, defaults and null rules), so the checks see
 * the same. For a list page this took the argument checks from ~30 µs per request to a few
 * (profile in BENCHMARKS.md, "Issues 12 and 15").
 */
interface Plan {
  variables: VariablePlan[];
  fields: { field: string; args: ArgumentPlan[] }[];
}

const plans = new WeakMap<OperationDefinitionNode, { schema: GraphQLSchema; plan: Plan | null }>();
const variablePlans = new WeakMap<
  OperationDefinitionNode,
  { schema: GraphQLSchema; variables: VariablePlan[] | null }
>();

/** Whether a type is leaves (scalars, enums) under lists and non-nulls only. */
function simple(type: GraphQLInputType): boolean {
  const named = getNamedType(type);
  return isLeafType(named);
}

function hasVariables(value: ValueNode): boolean {
  let found = false;
  visit(value, { Variable: () => void (found = true) });
  return found;
}

/** The operation's variables, when all are leaves (under lists and non-nulls); else null. */
function variablePlanOf(schema: GraphQLSchema, operation: OperationDefinitionNode): VariablePlan[] | null {
  const known = variablePlans.get(operation);
  if (known && known.schema === schema) return known.variables;
  let variables: VariablePlan[] | null = [];
  for (const def of operation.variableDefinitions ?? []) {
    const type = typeFromAST(schema, def.type);
    if (!type || !isInputType(type) || !simple(type)) {
      variables = null;
      break;
    }
    const variable: VariablePlan = { name: def.variable.name.value, type };
    if (def.defaultValue) {
      const value: unknown = valueFromAST(def.defaultValue, type);
      if (value === undefined) {
        variables = null;
        break;
      }
      variable.fallback = { value };
    }
    variables.push(variable);
  }
  variablePlans.set(operation, { schema, variables });
  return variables;
}

/**
 * Whether the request's variables fit the operation's types, as getVariableValues would say
 * (true or false), or undefined when its variables are not all leaves (ask getVariableValues).
 */
export function variablesFit(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | undefined,
): boolean | undefined {
  const plan = variablePlanOf(schema, operation);
  return plan ? variablesOf(plan, variables ?? {}) !== undefined : undefined;
}

function planOf(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
): Plan | null {
  const known = plans.get(operation);
  if (known && known.schema === schema) return known.plan;
  const variables = variablePlanOf(schema, operation);
  let plan: Plan | null = variables && { variables, fields: [] };
  for (const { def, node, field } of plan ? argumentFields(schema, document, operation) : []) {
    const given = new Map((node.arguments ?? []).map((a) => [a.name.value, a.value]));
    const args: ArgumentPlan[] = [];
    for (const arg of def.args) {
      const value = given.get(arg.name);
      const nonNull = isNonNullType(arg.type);
      if (!value) {
        if (arg.defaultValue !== undefined)
          args.push({ name: arg.name, kind: 'fixed', value: arg.defaultValue });
        else args.push({ name: arg.name, kind: nonNull ? 'invalid' : 'omitted' });
      } else if (value.kind === Kind.VARIABLE) {
        args.push({
          name: arg.name,
          kind: 'variable',
          variable: value.name.value,
          fallback: arg.defaultValue,
          nonNull,
        });
      } else if (hasVariables(value)) {
        plan = null;
        break;
      } else {
        const fixed: unknown =
          value.kind === Kind.NULL && nonNull ? undefined : valueFromAST(value, arg.type, undefined);
        args.push(
          fixed === undefined
            ? { name: arg.name, kind: 'invalid' }
            : { name: arg.name, kind: 'fixed', value: fixed },
        );
      }
    }
    if (!plan) break;
    plan.fields.push({ field, args });
  }
  plans.set(operation, { schema, plan });
  return plan;
}

const INVALID = Symbol('invalid');

/** A variable's value as graphql-js's coerceInputValue gives it (leaves, lists, non-nulls), or INVALID. */
function coerce(value: unknown, type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return value == null ? INVALID : coerce(value, type.ofType);
  if (value === null) return null;
  if (isListType(type)) {
    const item = type.ofType as GraphQLInputType;
    if (!Array.isArray(value)) {
      const one = coerce(value, item);
      return one === INVALID ? INVALID : [one];
    }
    const out: unknown[] = [];
    for (const v of value) {
      const one = coerce(v, item);
      if (one === INVALID) return INVALID;
      out.push(one);
    }
    return out;
  }
  const leaf = type as GraphQLScalarType | GraphQLEnumType;
  try {
    const parsed: unknown = leaf.parseValue(value);
    return parsed === undefined ? INVALID : parsed;
  } catch {
    return INVALID;
  }
}

/** The request's variables as getVariableValues coerces them; undefined when one does not fit. */
function variablesOf(
  variables: readonly VariablePlan[],
  given: Record<string, unknown>,
): Map<string, unknown> | undefined {
  const out = new Map<string, unknown>();
  for (const v of variables) {
    if (!Object.hasOwn(given, v.name)) {
      if (v.fallback) out.set(v.name, v.fallback.value);
      else if (isNonNullType(v.type)) return undefined;
      continue;
    }
    const value = coerce(given[v.name], v.type);
    if (value === INVALID) return undefined;
    out.set(v.name, value);
  }
  return out;
}

/**
 * Checks every argument of the operation's fields (and its fragments') with the request's
 * variables; throws BadUserInputError for the first one that fails. Variables that do not fit
 * their types are left to execution, which names them.
 */
export function checkArguments(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | undefined,
): void {
  const plan = planOf(schema, document, operation);
  if (!plan) {
    checkArgumentsByCoercion(schema, document, operation, variables);
    return;
  }
  const values = variablesOf(plan.variables, variables ?? {});
  if (!values) return;
  fields: for (const { field, args } of plan.fields) {
    const found: [string, unknown][] = [];
    for (const arg of args) {
      if (arg.kind === 'fixed') found.push([arg.name, arg.value]);
      else if (arg.kind === 'invalid')
        continue fields; // left to execution, which says which argument
      else if (arg.kind === 'variable') {
        if (!values.has(arg.variable)) {
          if (arg.fallback !== undefined) found.push([arg.name, arg.fallback]);
          else if (arg.nonNull) continue fields;
          continue;
        }
        const value = values.get(arg.variable);
        if (value == null && arg.nonNull) continue fields;
        found.push([arg.name, value]);
      }
    }
    for (const [name, value] of found) check(value, name, name, field);
  }
}

/** checkArguments by graphql-js's coercion of the whole operation: the general way (and the reference the plan is tested against). */
export function checkArgumentsByCoercion(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | undefined,
): void {
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {});
  if (coerced.errors) return;
  for (const { def, node, field } of argumentFields(schema, document, operation)) {
    let args: Record<string, unknown>;
    try {
      args = getArgumentValues(def, node, coerced.coerced);
    } catch {
      continue; // left to execution, which says which argument
    }
    for (const [name, value] of Object.entries(args)) check(value, name, name, field);
  }
}
