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
  type GraphQLField,
  getVariableValues,
  type GraphQLSchema,
  type OperationDefinitionNode,
  TypeInfo,
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
