/**
 * GraphQL enums, registered from the domain enums so parser, database and API share one vocabulary.
 * Each value's description carries the Chinese label of the template.
 */
import { registerEnumType } from 'type-graphql';
import {
  AgencyKind,
  AgencyLevel,
  ColumnCode,
  FormVersion,
  IssueCode,
  IssueSeverity,
  RefusalReason,
  RowCode,
  TableCode,
} from '../domain/codes';
import {
  AGENCY_KIND_LABELS,
  AGENCY_LEVEL_LABELS,
  COLUMN_LABELS,
  FORM_VERSION_LABELS,
  ISSUE_CODE_LABELS,
  ISSUE_SEVERITY_LABELS,
  REFUSAL_REASON_LABELS,
  ROW_LABELS,
  TABLE_LABELS,
} from '../domain/labels';

/** `{ KEY: { description } }` for every key of a string enum, from its label table. */
function describe<E extends Record<string, string>>(
  e: E,
  labels: Readonly<Record<E[keyof E], string>>,
  withCode = false,
): { [K in keyof E]?: { description: string } } {
  const out: { [K in keyof E]?: { description: string } } = {};
  for (const key of Object.keys(e) as (keyof E)[]) {
    const value = e[key];
    out[key] = { description: withCode ? `${labels[value]} (\`${value}\`)` : labels[value] };
  }
  return out;
}

registerEnumType(FormVersion, {
  name: 'FormVersion',
  description: 'The national template a report follows',
  valuesConfig: describe(FormVersion, FORM_VERSION_LABELS),
});
registerEnumType(TableCode, {
  name: 'TableCode',
  description: 'The three tables of a report',
  valuesConfig: describe(TableCode, TABLE_LABELS, true),
});
registerEnumType(RowCode, {
  name: 'RowCode',
  description: 'Row codes of the three tables (FORMAT.md); the code in backticks is the stored value',
  valuesConfig: describe(RowCode, ROW_LABELS, true),
});
registerEnumType(ColumnCode, {
  name: 'ColumnCode',
  description: 'Column codes of the three tables (FORMAT.md)',
  valuesConfig: describe(ColumnCode, COLUMN_LABELS, true),
});
registerEnumType(RefusalReason, {
  name: 'RefusalReason',
  description: 'The eight legal reasons for refusing disclosure (三(三) 不予公开)',
  valuesConfig: describe(RefusalReason, REFUSAL_REASON_LABELS),
});
registerEnumType(IssueCode, {
  name: 'IssueCode',
  description: 'Validation issue codes: identity breaks and structural problems',
  valuesConfig: describe(IssueCode, ISSUE_CODE_LABELS),
});
registerEnumType(IssueSeverity, {
  name: 'IssueSeverity',
  valuesConfig: describe(IssueSeverity, ISSUE_SEVERITY_LABELS),
});
registerEnumType(AgencyLevel, {
  name: 'AgencyLevel',
  valuesConfig: describe(AgencyLevel, AGENCY_LEVEL_LABELS),
});
registerEnumType(AgencyKind, {
  name: 'AgencyKind',
  valuesConfig: describe(AgencyKind, AGENCY_KIND_LABELS),
});
