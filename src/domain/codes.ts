/**
 * The vocabulary of the national report template (FORMAT.md), in one place.
 * Parser, database (Postgres enum types) and GraphQL enums all use these values;
 * the string values are the codes of FORMAT.md and are what is stored.
 */

/** Which national template a report follows: 国办公开办函〔2019〕60号 or 〔2021〕30号. */
export enum FormVersion {
  V2019 = '2019',
  V2021 = '2021',
}

/** The three tables of a report. */
export enum TableCode {
  ACTIVE_DISCLOSURE = 'activeDisclosure',
  APPLICATIONS = 'applications',
  REVIEW_LITIGATION = 'reviewLitigation',
}

export enum RowCode {
  // Section 2: active disclosure (第二十条)
  REGULATIONS = 'regulations',
  NORMATIVE_DOCUMENTS = 'normativeDocuments',
  LICENSING = 'licensing',
  OTHER_MANAGEMENT_SERVICES = 'otherManagementServices',
  PUNISHMENT = 'punishment',
  ENFORCEMENT = 'enforcement',
  FEES = 'fees',
  PROCUREMENT = 'procurement',
  // Section 3: applications
  NEW_RECEIVED = 'newReceived',
  CARRIED_OVER = 'carriedOver',
  GRANTED = 'granted',
  PARTIALLY_GRANTED = 'partiallyGranted',
  REFUSED_STATE_SECRET = 'refused.stateSecret',
  REFUSED_LAW_PROHIBITED = 'refused.lawProhibited',
  REFUSED_THREE_SECURITY_ONE_STABILITY = 'refused.threeSecurityOneStability',
  REFUSED_THIRD_PARTY_RIGHTS = 'refused.thirdPartyRights',
  REFUSED_INTERNAL_AFFAIRS = 'refused.internalAffairs',
  REFUSED_PROCESS_INFORMATION = 'refused.processInformation',
  REFUSED_ENFORCEMENT_CASE_FILE = 'refused.enforcementCaseFile',
  REFUSED_ADMINISTRATIVE_QUERY = 'refused.administrativeQuery',
  UNABLE_NOT_HELD = 'unableToProvide.notHeld',
  UNABLE_NEEDS_CREATION = 'unableToProvide.needsCreation',
  UNABLE_UNCLEAR_AFTER_CORRECTION = 'unableToProvide.unclearAfterCorrection',
  NOT_PROCESSED_PETITION_OR_COMPLAINT = 'notProcessed.petitionOrComplaint',
  NOT_PROCESSED_REPEATED = 'notProcessed.repeated',
  NOT_PROCESSED_PUBLICATION = 'notProcessed.publication',
  NOT_PROCESSED_EXCESSIVE = 'notProcessed.excessive',
  NOT_PROCESSED_CONFIRMATION = 'notProcessed.confirmation',
  /** 2019 form only: a single (六)其他处理 row with no parts. */
  OTHER_DISPOSAL = 'otherDisposal',
  OTHER_DISPOSAL_NO_CORRECTION = 'otherDisposal.noCorrection',
  OTHER_DISPOSAL_FEE_UNPAID = 'otherDisposal.feeUnpaid',
  OTHER_DISPOSAL_OTHER = 'otherDisposal.other',
  TOTAL_PROCESSED = 'totalProcessed',
  CARRIED_FORWARD = 'carriedForward',
  // Section 4: review and litigation (three groups of five)
  RECONSIDERATION = 'reconsideration',
  LITIGATION_DIRECT = 'litigationDirect',
  LITIGATION_AFTER_RECONSIDERATION = 'litigationAfterReconsideration',
}

export enum ColumnCode {
  // Declaration order is printed order within every table (Postgres sorts the enum so).
  // Active disclosure, 2021 form
  ISSUED = 'issued',
  REPEALED = 'repealed',
  IN_FORCE = 'inForce',
  // Active disclosure, 2019 form
  NEWLY_MADE = 'newlyMade',
  NEWLY_PUBLISHED = 'newlyPublished',
  TOTAL_PUBLISHED = 'totalPublished',
  PREVIOUS_YEAR_ITEMS = 'previousYearItems',
  ITEM_CHANGE = 'itemChange',
  // Active disclosure, both forms
  DECISIONS = 'decisions',
  PROJECTS = 'projects',
  AMOUNT = 'amount',
  // Applications: applicant columns
  NATURAL_PERSON = 'naturalPerson',
  COMMERCIAL_ENTERPRISE = 'commercialEnterprise',
  RESEARCH_INSTITUTION = 'researchInstitution',
  SOCIAL_WELFARE_ORG = 'socialWelfareOrg',
  LEGAL_SERVICE_ORG = 'legalServiceOrg',
  OTHER_ORG = 'otherOrg',
  // Review and litigation
  UPHELD = 'upheld',
  CORRECTED = 'corrected',
  OTHER = 'other',
  PENDING = 'pending',
  /** Applications 总计 and review/litigation 总计: last in both tables. */
  TOTAL = 'total',
}

/** Reasons a request was refused (三(三) 不予公开), in the order of the form. */
export enum RefusalReason {
  STATE_SECRET = 'stateSecret',
  LAW_PROHIBITED = 'lawProhibited',
  THREE_SECURITY_ONE_STABILITY = 'threeSecurityOneStability',
  THIRD_PARTY_RIGHTS = 'thirdPartyRights',
  INTERNAL_AFFAIRS = 'internalAffairs',
  PROCESS_INFORMATION = 'processInformation',
  ENFORCEMENT_CASE_FILE = 'enforcementCaseFile',
  ADMINISTRATIVE_QUERY = 'administrativeQuery',
}

export enum IssueSeverity {
  ERROR = 'error',
  WARNING = 'warning',
  INFO = 'info',
}

/** Validation issue codes: identity breaks (FORMAT.md 1–5) and structural problems. */
export enum IssueCode {
  ROW_TOTAL_MISMATCH = 'ROW_TOTAL_MISMATCH',
  OUTCOME_TOTAL_MISMATCH = 'OUTCOME_TOTAL_MISMATCH',
  BALANCE_MISMATCH = 'BALANCE_MISMATCH',
  REVIEW_TOTAL_MISMATCH = 'REVIEW_TOTAL_MISMATCH',
  CARRY_OVER_MISMATCH = 'CARRY_OVER_MISMATCH',
  /** A row (where = its row code) or the review table (where = the table) has more or fewer cells than columns. */
  CELL_COUNT_MISMATCH = 'CELL_COUNT_MISMATCH',
  /** Numbers that cannot be matched to a row of the template (repeated row, no label); those numbers are left out. */
  TABLE_LAYOUT_UNKNOWN = 'TABLE_LAYOUT_UNKNOWN',
  /** A row's cells printed with no separator split more than one way under the identities; candidates kept. */
  AMBIGUOUS_CELLS = 'AMBIGUOUS_CELLS',
  /** A row that is not in the template (a local addition), kept as an extra row of its table. */
  EXTRA_ROW = 'EXTRA_ROW',
  MISSING_TABLE = 'MISSING_TABLE',
  MISSING_SECTION = 'MISSING_SECTION',
  MISSING_ROW = 'MISSING_ROW',
  UNPARSEABLE_CELL = 'UNPARSEABLE_CELL',
  METADATA_MISMATCH = 'METADATA_MISMATCH',
}

/** Administrative level of an agency. */
export enum AgencyLevel {
  NATIONAL = 'national',
  PROVINCE = 'province',
  CITY = 'city',
  COUNTY = 'county',
  TOWNSHIP = 'township',
}

/** What kind of body publishes the report. */
export enum AgencyKind {
  GOVERNMENT = 'government',
  DEPARTMENT = 'department',
  DEVELOPMENT_ZONE = 'developmentZone',
  TOWNSHIP = 'township',
  OTHER = 'other',
}

/** The applicant columns of the applications table, in printed order (total last). */
export const APPLICATION_COLUMNS = [
  ColumnCode.NATURAL_PERSON,
  ColumnCode.COMMERCIAL_ENTERPRISE,
  ColumnCode.RESEARCH_INSTITUTION,
  ColumnCode.SOCIAL_WELFARE_ORG,
  ColumnCode.LEGAL_SERVICE_ORG,
  ColumnCode.OTHER_ORG,
  ColumnCode.TOTAL,
] as const;

export const REVIEW_COLUMNS = [
  ColumnCode.UPHELD,
  ColumnCode.CORRECTED,
  ColumnCode.OTHER,
  ColumnCode.PENDING,
  ColumnCode.TOTAL,
] as const;

export const REVIEW_ROWS = [
  RowCode.RECONSIDERATION,
  RowCode.LITIGATION_DIRECT,
  RowCode.LITIGATION_AFTER_RECONSIDERATION,
] as const;

export const REFUSAL_ROWS: Readonly<Record<RefusalReason, RowCode>> = {
  [RefusalReason.STATE_SECRET]: RowCode.REFUSED_STATE_SECRET,
  [RefusalReason.LAW_PROHIBITED]: RowCode.REFUSED_LAW_PROHIBITED,
  [RefusalReason.THREE_SECURITY_ONE_STABILITY]: RowCode.REFUSED_THREE_SECURITY_ONE_STABILITY,
  [RefusalReason.THIRD_PARTY_RIGHTS]: RowCode.REFUSED_THIRD_PARTY_RIGHTS,
  [RefusalReason.INTERNAL_AFFAIRS]: RowCode.REFUSED_INTERNAL_AFFAIRS,
  [RefusalReason.PROCESS_INFORMATION]: RowCode.REFUSED_PROCESS_INFORMATION,
  [RefusalReason.ENFORCEMENT_CASE_FILE]: RowCode.REFUSED_ENFORCEMENT_CASE_FILE,
  [RefusalReason.ADMINISTRATIVE_QUERY]: RowCode.REFUSED_ADMINISTRATIVE_QUERY,
};

const APPLICATION_ROWS_COMMON_HEAD = [
  RowCode.NEW_RECEIVED,
  RowCode.CARRIED_OVER,
  RowCode.GRANTED,
  RowCode.PARTIALLY_GRANTED,
  ...Object.values(REFUSAL_ROWS),
  RowCode.UNABLE_NOT_HELD,
  RowCode.UNABLE_NEEDS_CREATION,
  RowCode.UNABLE_UNCLEAR_AFTER_CORRECTION,
  RowCode.NOT_PROCESSED_PETITION_OR_COMPLAINT,
  RowCode.NOT_PROCESSED_REPEATED,
  RowCode.NOT_PROCESSED_PUBLICATION,
  RowCode.NOT_PROCESSED_EXCESSIVE,
  RowCode.NOT_PROCESSED_CONFIRMATION,
];

/** Applications rows in printed order, per form. */
export const APPLICATION_ROWS: Readonly<Record<FormVersion, readonly RowCode[]>> = {
  [FormVersion.V2019]: [
    ...APPLICATION_ROWS_COMMON_HEAD,
    RowCode.OTHER_DISPOSAL,
    RowCode.TOTAL_PROCESSED,
    RowCode.CARRIED_FORWARD,
  ],
  [FormVersion.V2021]: [
    ...APPLICATION_ROWS_COMMON_HEAD,
    RowCode.OTHER_DISPOSAL_NO_CORRECTION,
    RowCode.OTHER_DISPOSAL_FEE_UNPAID,
    RowCode.OTHER_DISPOSAL_OTHER,
    RowCode.TOTAL_PROCESSED,
    RowCode.CARRIED_FORWARD,
  ],
};

/** Active-disclosure rows and their columns, per form, in printed order. */
export const ACTIVE_DISCLOSURE_LAYOUT: Readonly<
  Record<FormVersion, ReadonlyArray<{ row: RowCode; columns: readonly ColumnCode[] }>>
> = {
  [FormVersion.V2021]: [
    { row: RowCode.REGULATIONS, columns: [ColumnCode.ISSUED, ColumnCode.REPEALED, ColumnCode.IN_FORCE] },
    {
      row: RowCode.NORMATIVE_DOCUMENTS,
      columns: [ColumnCode.ISSUED, ColumnCode.REPEALED, ColumnCode.IN_FORCE],
    },
    { row: RowCode.LICENSING, columns: [ColumnCode.DECISIONS] },
    { row: RowCode.PUNISHMENT, columns: [ColumnCode.DECISIONS] },
    { row: RowCode.ENFORCEMENT, columns: [ColumnCode.DECISIONS] },
    { row: RowCode.FEES, columns: [ColumnCode.AMOUNT] },
  ],
  [FormVersion.V2019]: [
    {
      row: RowCode.REGULATIONS,
      columns: [ColumnCode.NEWLY_MADE, ColumnCode.NEWLY_PUBLISHED, ColumnCode.TOTAL_PUBLISHED],
    },
    {
      row: RowCode.NORMATIVE_DOCUMENTS,
      columns: [ColumnCode.NEWLY_MADE, ColumnCode.NEWLY_PUBLISHED, ColumnCode.TOTAL_PUBLISHED],
    },
    {
      row: RowCode.LICENSING,
      columns: [ColumnCode.PREVIOUS_YEAR_ITEMS, ColumnCode.ITEM_CHANGE, ColumnCode.DECISIONS],
    },
    {
      row: RowCode.OTHER_MANAGEMENT_SERVICES,
      columns: [ColumnCode.PREVIOUS_YEAR_ITEMS, ColumnCode.ITEM_CHANGE, ColumnCode.DECISIONS],
    },
    {
      row: RowCode.PUNISHMENT,
      columns: [ColumnCode.PREVIOUS_YEAR_ITEMS, ColumnCode.ITEM_CHANGE, ColumnCode.DECISIONS],
    },
    {
      row: RowCode.ENFORCEMENT,
      columns: [ColumnCode.PREVIOUS_YEAR_ITEMS, ColumnCode.ITEM_CHANGE, ColumnCode.DECISIONS],
    },
    { row: RowCode.FEES, columns: [ColumnCode.PREVIOUS_YEAR_ITEMS, ColumnCode.ITEM_CHANGE] },
    { row: RowCode.PROCUREMENT, columns: [ColumnCode.PROJECTS, ColumnCode.AMOUNT] },
  ],
};

/** Standard section titles (FORMAT.md), by section number. */
export const SECTION_TITLES = {
  1: '总体情况',
  2: '主动公开政府信息情况',
  3: '收到和处理政府信息公开申请情况',
  4: '政府信息公开行政复议、行政诉讼情况',
  5: '存在的主要问题及改进情况',
  6: '其他需要报告的事项',
} as const;
export type SectionNumber = keyof typeof SECTION_TITLES;
export const SECTION_NUMBERS = [1, 2, 3, 4, 5, 6] as const satisfies readonly SectionNumber[];

/** Which section holds which table. */
export const TABLE_SECTION: Readonly<Record<TableCode, SectionNumber>> = {
  [TableCode.ACTIVE_DISCLOSURE]: 2,
  [TableCode.APPLICATIONS]: 3,
  [TableCode.REVIEW_LITIGATION]: 4,
};
