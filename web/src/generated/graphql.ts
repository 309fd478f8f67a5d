/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type AgencyKind =
  /** 政府部门 */
  | 'DEPARTMENT'
  /** 开发区/园区管委会 */
  | 'DEVELOPMENT_ZONE'
  /** 人民政府 */
  | 'GOVERNMENT'
  /** 其他 */
  | 'OTHER'
  /** 乡镇/街道 */
  | 'TOWNSHIP';

export type AgencyLevel =
  /** 市级 */
  | 'CITY'
  /** 县级 */
  | 'COUNTY'
  /** 国家级 (State Council departments) */
  | 'NATIONAL'
  /** 省级 */
  | 'PROVINCE'
  /** 乡镇级 */
  | 'TOWNSHIP';

/** Column codes of the three tables (FORMAT.md) */
export type ColumnCode =
  /** 金额(万元) (`amount`) */
  | 'AMOUNT'
  /** 法人或其他组织 商业企业 (`commercialEnterprise`) */
  | 'COMMERCIAL_ENTERPRISE'
  /** 结果纠正 (`corrected`) */
  | 'CORRECTED'
  /** (本年)处理决定数量 (`decisions`) */
  | 'DECISIONS'
  /** 现行有效件数 (`inForce`) */
  | 'IN_FORCE'
  /** 本年制发件数 (`issued`) */
  | 'ISSUED'
  /** 本年增/减 (`itemChange`) */
  | 'ITEM_CHANGE'
  /** 法人或其他组织 法律服务机构 (`legalServiceOrg`) */
  | 'LEGAL_SERVICE_ORG'
  /** 自然人 (`naturalPerson`) */
  | 'NATURAL_PERSON'
  /** 本年新制作数量 (`newlyMade`) */
  | 'NEWLY_MADE'
  /** 本年新公开数量 (`newlyPublished`) */
  | 'NEWLY_PUBLISHED'
  /** 其他结果 (`other`) */
  | 'OTHER'
  /** 法人或其他组织 其他 (`otherOrg`) */
  | 'OTHER_ORG'
  /** 尚未审结 (`pending`) */
  | 'PENDING'
  /** 上一年项目数量 (`previousYearItems`) */
  | 'PREVIOUS_YEAR_ITEMS'
  /** 采购项目数量 (`projects`) */
  | 'PROJECTS'
  /** 本年废止件数 (`repealed`) */
  | 'REPEALED'
  /** 法人或其他组织 科研机构 (`researchInstitution`) */
  | 'RESEARCH_INSTITUTION'
  /** 法人或其他组织 社会公益组织 (`socialWelfareOrg`) */
  | 'SOCIAL_WELFARE_ORG'
  /** 总计 (`total`) */
  | 'TOTAL'
  /** 对外公开总数量 (`totalPublished`) */
  | 'TOTAL_PUBLISHED'
  /** 结果维持 (`upheld`) */
  | 'UPHELD';

/** The national template a report follows */
export type FormVersion =
  /** 国办公开办函〔2019〕60号 (reports on 2019 and 2020) */
  | 'V2019'
  /** 国办公开办函〔2021〕30号 (reports on 2021 onwards) */
  | 'V2021';

/** Grouping besides the year; regions follow the GB/T 2260 code hierarchy */
export type GroupBy =
  /** By agency */
  | 'AGENCY'
  /** By city (XXXX00); province-level agencies under their province */
  | 'CITY'
  /** By the most specific division code of the agency */
  | 'COUNTY'
  /** All reports together */
  | 'NONE'
  /** By province (XX0000) */
  | 'PROVINCE';

/** Validation issue codes: identity breaks and structural problems */
export type IssueCode =
  /** A row printed without separators splits into cells more than one way; left out with its candidates */
  | 'AMBIGUOUS_CELLS'
  /** Identity 3: 新收 + 上年结转 differs from 总计 + 结转下年度 */
  | 'BALANCE_MISMATCH'
  /** Identity 5: 上年结转 differs from last year's 结转下年度 */
  | 'CARRY_OVER_MISMATCH'
  /** A row has more or fewer cells than its columns; the row (or, for review and litigation, the table) is flagged */
  | 'CELL_COUNT_MISMATCH'
  /** A row not in the template (a local addition), kept as an extra row of its table */
  | 'EXTRA_ROW'
  /** A manifest value disagrees with the report text */
  | 'METADATA_MISMATCH'
  /** A row of a table was not found */
  | 'MISSING_ROW'
  /** A section of the template was not found */
  | 'MISSING_SECTION'
  /** A table of the template was not found */
  | 'MISSING_TABLE'
  /** Identity 2: 总计 differs from the sum of the outcome rows */
  | 'OUTCOME_TOTAL_MISMATCH'
  /** Identity 4: a review/litigation total differs from its four parts */
  | 'REVIEW_TOTAL_MISMATCH'
  /** Identity 1: a row total differs from the sum of its applicant columns */
  | 'ROW_TOTAL_MISMATCH'
  /** Numbers that cannot be matched to the template's rows (a repeated row, no label); left out, table partial */
  | 'TABLE_LAYOUT_UNKNOWN'
  /** A cell could not be read as a number */
  | 'UNPARSEABLE_CELL';

export type IssueSeverity =
  /** The data cannot be trusted as printed */
  | 'ERROR'
  /** Worth knowing, nothing wrong */
  | 'INFO'
  /** The report breaks an identity or lacks a part */
  | 'WARNING';

/** A figure: one row (or a group of applications rows) in one column */
export type MeasureInput = {
  /** e.g. TOTAL, NATURAL_PERSON, DECISIONS */
  column: ColumnCode;
  /** …or a group of applications rows */
  group?: RowGroup | null | undefined;
  /** One row… */
  row?: RowCode | null | undefined;
  table: TableCode;
};

export type RankOrder =
  | 'BOTTOM'
  | 'TOP';

/** Shares of requests processed (三(七) 总计) */
export type Rate =
  /** 予以公开 / 总计 */
  | 'GRANT'
  /** (予以公开 + 部分公开) / 总计 */
  | 'GRANT_OR_PARTIAL'
  /** (行政复议 + 行政诉讼) / 总计 */
  | 'LITIGATION'
  /** 本机关不掌握相关政府信息 / 总计 */
  | 'NOT_HELD'
  /** Σ 不予公开 / 总计 */
  | 'REFUSAL';

/** The eight legal reasons for refusing disclosure (三(三) 不予公开) */
export type RefusalReason =
  /** 属于行政查询事项 */
  | 'ADMINISTRATIVE_QUERY'
  /** 属于行政执法案卷 */
  | 'ENFORCEMENT_CASE_FILE'
  /** 属于三类内部事务信息 */
  | 'INTERNAL_AFFAIRS'
  /** 其他法律行政法规禁止公开 */
  | 'LAW_PROHIBITED'
  /** 属于四类过程性信息 */
  | 'PROCESS_INFORMATION'
  /** 属于国家秘密 */
  | 'STATE_SECRET'
  /** 保护第三方合法权益 */
  | 'THIRD_PARTY_RIGHTS'
  /** 危及“三安全一稳定” */
  | 'THREE_SECURITY_ONE_STABILITY';

export type ReportFilter = {
  /** Only these agencies */
  agencyIds?: Array<string | number> | null | undefined;
  /** 市, e.g. 岳阳市 */
  city?: string | null | undefined;
  /** 县/区, e.g. 岳阳楼区 */
  county?: string | null | undefined;
  /** A 6-digit division code: XX0000 selects a province, XXXX00 a city, else a county */
  divisionCode?: string | null | undefined;
  /** Leave out reports with a table flagged, whole or in part (Report.partialTables, flag issues) */
  excludeFlagged?: boolean | null | undefined;
  formVersion?: FormVersion | null | undefined;
  kind?: AgencyKind | null | undefined;
  level?: AgencyLevel | null | undefined;
  /** 省, e.g. 湖南省 */
  province?: string | null | undefined;
  /** First year, inclusive */
  yearFrom?: number | null | undefined;
  /** Last year, inclusive */
  yearTo?: number | null | undefined;
};

/** Row codes of the three tables (FORMAT.md); the code in backticks is the stored value */
export type RowCode =
  /** 四、结转下年度继续办理 (`carriedForward`) */
  | 'CARRIED_FORWARD'
  /** 二、上年结转政府信息公开申请数量 (`carriedOver`) */
  | 'CARRIED_OVER'
  /** 第二十条第(六)项 行政强制 (`enforcement`) */
  | 'ENFORCEMENT'
  /** 第二十条第(八)项 行政事业性收费 (`fees`) */
  | 'FEES'
  /** 三(一) 予以公开 (`granted`) */
  | 'GRANTED'
  /** 第二十条第(五)项 行政许可 (`licensing`) */
  | 'LICENSING'
  /** 行政诉讼 复议后起诉 (`litigationAfterReconsideration`) */
  | 'LITIGATION_AFTER_RECONSIDERATION'
  /** 行政诉讼 未经复议直接起诉 (`litigationDirect`) */
  | 'LITIGATION_DIRECT'
  /** 一、本年新收政府信息公开申请数量 (`newReceived`) */
  | 'NEW_RECEIVED'
  /** 第二十条第(一)项 行政规范性文件 (`normativeDocuments`) */
  | 'NORMATIVE_DOCUMENTS'
  /** 三(五) 不予处理 5.要求行政机关确认或重新出具已获取信息 (`notProcessed.confirmation`) */
  | 'NOT_PROCESSED_CONFIRMATION'
  /** 三(五) 不予处理 4.无正当理由大量反复申请 (`notProcessed.excessive`) */
  | 'NOT_PROCESSED_EXCESSIVE'
  /** 三(五) 不予处理 1.信访举报投诉类申请 (`notProcessed.petitionOrComplaint`) */
  | 'NOT_PROCESSED_PETITION_OR_COMPLAINT'
  /** 三(五) 不予处理 3.要求提供公开出版物 (`notProcessed.publication`) */
  | 'NOT_PROCESSED_PUBLICATION'
  /** 三(五) 不予处理 2.重复申请 (`notProcessed.repeated`) */
  | 'NOT_PROCESSED_REPEATED'
  /** 三(六) 其他处理 (2019 form, no parts) (`otherDisposal`) */
  | 'OTHER_DISPOSAL'
  /** 三(六) 其他处理 2.申请人逾期未按收费通知要求缴纳费用 (`otherDisposal.feeUnpaid`) */
  | 'OTHER_DISPOSAL_FEE_UNPAID'
  /** 三(六) 其他处理 1.申请人无正当理由逾期不补正 (`otherDisposal.noCorrection`) */
  | 'OTHER_DISPOSAL_NO_CORRECTION'
  /** 三(六) 其他处理 3.其他 (`otherDisposal.other`) */
  | 'OTHER_DISPOSAL_OTHER'
  /** 其他对外管理服务事项 (2019 form) (`otherManagementServices`) */
  | 'OTHER_MANAGEMENT_SERVICES'
  /** 三(二) 部分公开 (`partiallyGranted`) */
  | 'PARTIALLY_GRANTED'
  /** 第二十条第(九)项 政府集中采购 (2019 form) (`procurement`) */
  | 'PROCUREMENT'
  /** 第二十条第(六)项 行政处罚 (`punishment`) */
  | 'PUNISHMENT'
  /** 行政复议 (`reconsideration`) */
  | 'RECONSIDERATION'
  /** 三(三) 不予公开 8.属于行政查询事项 (`refused.administrativeQuery`) */
  | 'REFUSED_ADMINISTRATIVE_QUERY'
  /** 三(三) 不予公开 7.属于行政执法案卷 (`refused.enforcementCaseFile`) */
  | 'REFUSED_ENFORCEMENT_CASE_FILE'
  /** 三(三) 不予公开 5.属于三类内部事务信息 (`refused.internalAffairs`) */
  | 'REFUSED_INTERNAL_AFFAIRS'
  /** 三(三) 不予公开 2.其他法律行政法规禁止公开 (`refused.lawProhibited`) */
  | 'REFUSED_LAW_PROHIBITED'
  /** 三(三) 不予公开 6.属于四类过程性信息 (`refused.processInformation`) */
  | 'REFUSED_PROCESS_INFORMATION'
  /** 三(三) 不予公开 1.属于国家秘密 (`refused.stateSecret`) */
  | 'REFUSED_STATE_SECRET'
  /** 三(三) 不予公开 4.保护第三方合法权益 (`refused.thirdPartyRights`) */
  | 'REFUSED_THIRD_PARTY_RIGHTS'
  /** 三(三) 不予公开 3.危及“三安全一稳定” (`refused.threeSecurityOneStability`) */
  | 'REFUSED_THREE_SECURITY_ONE_STABILITY'
  /** 第二十条第(一)项 规章 (`regulations`) */
  | 'REGULATIONS'
  /** 三(七) 总计 (`totalProcessed`) */
  | 'TOTAL_PROCESSED'
  /** 三(四) 无法提供 2.没有现成信息需要另行制作 (`unableToProvide.needsCreation`) */
  | 'UNABLE_NEEDS_CREATION'
  /** 三(四) 无法提供 1.本机关不掌握相关政府信息 (`unableToProvide.notHeld`) */
  | 'UNABLE_NOT_HELD'
  /** 三(四) 无法提供 3.补正后申请内容仍不明确 (`unableToProvide.unclearAfterCorrection`) */
  | 'UNABLE_UNCLEAR_AFTER_CORRECTION';

/** Applications rows summed as one figure */
export type RowGroup =
  /** 三(五) 不予处理, all parts */
  | 'NOT_PROCESSED'
  /** 三(六) 其他处理 (the 2019 single row or the 2021 parts) */
  | 'OTHER_DISPOSAL'
  /** 三(三) 不予公开, all eight reasons */
  | 'REFUSED'
  /** 三(四) 无法提供, all parts */
  | 'UNABLE_TO_PROVIDE';

/** What a report was read from */
export type SourceKind =
  /** A Word file (.docx; kept like a PDF) */
  | 'DOCX'
  /** An HTML page */
  | 'HTML'
  /** A PDF file (the file is kept, so that a newer parser can read it again) */
  | 'PDF'
  /** Plain text (or markdown) */
  | 'TEXT';

/** The three tables of a report */
export type TableCode =
  /** 主动公开政府信息情况 (`activeDisclosure`) */
  | 'ACTIVE_DISCLOSURE'
  /** 收到和处理政府信息公开申请情况 (`applications`) */
  | 'APPLICATIONS'
  /** 政府信息公开行政复议、行政诉讼情况 (`reviewLitigation`) */
  | 'REVIEW_LITIGATION';

export type AgencySearchQueryVariables = Exact<{
  name: string;
}>;


export type AgencySearchQuery = { agencies: { totalCount: number, nodes: Array<{ id: string, name: string, province: string | null, city: string | null, county: string | null, level: AgencyLevel | null, kind: AgencyKind | null }> } };

export type AgencyOverviewQueryVariables = Exact<{
  id: string | number;
}>;


export type AgencyOverviewQuery = { agency: { id: string, name: string, province: string | null, city: string | null, county: string | null, divisionCode: string | null, level: AgencyLevel | null, kind: AgencyKind | null, reports: Array<{ id: string, year: number, formVersion: FormVersion, partialTables: Array<TableCode>, issues: Array<{ id: string, code: IssueCode, severity: IssueSeverity, where: string, message: string, sourceLine: number | null }> }> } | null };

export type TableSectionFragment = { number: number, standardTitle: string, printedTitle: string | null, partial: boolean, rows: Array<{ id: string, code: RowCode, label: string, sourceLine: number | null, cells: Array<{ column: ColumnCode, value: number | null, rawText: string, blank: boolean, notApplicable: boolean, sourceLine: number | null, sourceColumn: number | null, page: number | null, box: { page: number, x: number, y: number, width: number, height: number } | null }> }> };

export type ReportTablesQueryVariables = Exact<{
  id: string | number;
}>;


export type ReportTablesQuery = { report: { id: string, year: number, title: string | null, sourceFile: string | null, sourceKind: SourceKind | null, sourceUrl: string | null, activeDisclosure: { number: number, standardTitle: string, printedTitle: string | null, partial: boolean, rows: Array<{ id: string, code: RowCode, label: string, sourceLine: number | null, cells: Array<{ column: ColumnCode, value: number | null, rawText: string, blank: boolean, notApplicable: boolean, sourceLine: number | null, sourceColumn: number | null, page: number | null, box: { page: number, x: number, y: number, width: number, height: number } | null }> }> } | null, applications: { number: number, standardTitle: string, printedTitle: string | null, partial: boolean, rows: Array<{ id: string, code: RowCode, label: string, sourceLine: number | null, cells: Array<{ column: ColumnCode, value: number | null, rawText: string, blank: boolean, notApplicable: boolean, sourceLine: number | null, sourceColumn: number | null, page: number | null, box: { page: number, x: number, y: number, width: number, height: number } | null }> }> } | null, reviewLitigation: { number: number, standardTitle: string, printedTitle: string | null, partial: boolean, rows: Array<{ id: string, code: RowCode, label: string, sourceLine: number | null, cells: Array<{ column: ColumnCode, value: number | null, rawText: string, blank: boolean, notApplicable: boolean, sourceLine: number | null, sourceColumn: number | null, page: number | null, box: { page: number, x: number, y: number, width: number, height: number } | null }> }> } | null } | null };

export type ReportSourceQueryVariables = Exact<{
  id: string | number;
}>;


export type ReportSourceQuery = { report: { id: string, sourceText: string } | null };

export type AgencyTrendQueryVariables = Exact<{
  id: string | number;
  measure: MeasureInput;
}>;


export type AgencyTrendQuery = { agency: { id: string, trend: Array<{ year: number, value: number | null, change: number | null, changeRate: number | null, reports: number }> } | null };

export type QualityQueryVariables = Exact<{
  filter?: ReportFilter | null | undefined;
}>;


export type QualityQuery = { qualitySummary: Array<{ year: number, reports: number, reportsWithIssues: number, reportsWithFlaggedTables: number, carryOverMismatches: number }> };

export type IssuesByAgencyQueryVariables = Exact<{
  filter?: ReportFilter | null | undefined;
}>;


export type IssuesByAgencyQuery = { issueCounts: Array<{ year: number, groupCode: string, groupName: string, code: IssueCode, issues: number, reports: number }> };

export type CoverageQueryVariables = Exact<{
  filter: ReportFilter;
}>;


export type CoverageQuery = { coverage: { total: number, gaps: Array<{ agencyId: string, agencyName: string, divisionCode: string | null, missingYears: Array<number> }> } };

export type RankingsQueryVariables = Exact<{
  filter?: ReportFilter | null | undefined;
  groupBy: GroupBy;
  rate: Rate;
  order?: RankOrder | null | undefined;
  minRequests: number;
  limit: number;
}>;


export type RankingsQuery = { ranking: Array<{ groupCode: string, groupName: string, reports: number, processed: number | null, grantRate: number | null, grantOrPartialRate: number | null, refusalRate: number | null, notHeldRate: number | null, litigationRate: number | null }> };

export type BreakdownRowFragment = { year: number, groupCode: string, groupName: string, reports: number, totalProcessed: number | null, refused: number | null, reasons: Array<{ reason: RefusalReason, label: string, count: number | null, shareOfRefusals: number | null, shareOfProcessed: number | null }> };

export type RefusalsQueryVariables = Exact<{
  filter?: ReportFilter | null | undefined;
}>;


export type RefusalsQuery = { refusedBreakdown: Array<{ year: number, groupCode: string, groupName: string, reports: number, totalProcessed: number | null, refused: number | null, reasons: Array<{ reason: RefusalReason, label: string, count: number | null, shareOfRefusals: number | null, shareOfProcessed: number | null }> }> };

export type RefusalsByGroupQueryVariables = Exact<{
  filter?: ReportFilter | null | undefined;
  groupBy: GroupBy;
}>;


export type RefusalsByGroupQuery = { refusedBreakdown: Array<{ year: number, groupCode: string, groupName: string, reports: number, totalProcessed: number | null, refused: number | null, reasons: Array<{ reason: RefusalReason, label: string, count: number | null, shareOfRefusals: number | null, shareOfProcessed: number | null }> }> };

export type RegionNamesQueryVariables = Exact<{
  divisionCode: string;
}>;


export type RegionNamesQuery = { agencies: { nodes: Array<{ province: string | null, city: string | null, county: string | null, provinceCode: string | null, cityCode: string | null, divisionCode: string | null }> } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const TableSectionFragmentDoc = new TypedDocumentString(`
    fragment TableSection on Section {
  number
  standardTitle
  printedTitle
  partial
  rows {
    id
    code
    label
    sourceLine
    cells {
      column
      value
      rawText
      blank
      notApplicable
      sourceLine
      sourceColumn
      page
      box {
        page
        x
        y
        width
        height
      }
    }
  }
}
    `, {"fragmentName":"TableSection"}) as unknown as TypedDocumentString<TableSectionFragment, unknown>;
export const BreakdownRowFragmentDoc = new TypedDocumentString(`
    fragment BreakdownRow on RefusedBreakdownRow {
  year
  groupCode
  groupName
  reports
  totalProcessed
  refused
  reasons {
    reason
    label
    count
    shareOfRefusals
    shareOfProcessed
  }
}
    `, {"fragmentName":"BreakdownRow"}) as unknown as TypedDocumentString<BreakdownRowFragment, unknown>;
export const AgencySearchDocument = new TypedDocumentString(`
    query AgencySearch($name: String!) {
  agencies(filter: {nameContains: $name}, first: 20) {
    totalCount
    nodes {
      id
      name
      province
      city
      county
      level
      kind
    }
  }
}
    `) as unknown as TypedDocumentString<AgencySearchQuery, AgencySearchQueryVariables>;
export const AgencyOverviewDocument = new TypedDocumentString(`
    query AgencyOverview($id: ID!) {
  agency(id: $id) {
    id
    name
    province
    city
    county
    divisionCode
    level
    kind
    reports {
      id
      year
      formVersion
      partialTables
      issues {
        id
        code
        severity
        where
        message
        sourceLine
      }
    }
  }
}
    `) as unknown as TypedDocumentString<AgencyOverviewQuery, AgencyOverviewQueryVariables>;
export const ReportTablesDocument = new TypedDocumentString(`
    query ReportTables($id: ID!) {
  report(id: $id) {
    id
    year
    title
    sourceFile
    sourceKind
    sourceUrl
    activeDisclosure: section(number: 2) {
      ...TableSection
    }
    applications: section(number: 3) {
      ...TableSection
    }
    reviewLitigation: section(number: 4) {
      ...TableSection
    }
  }
}
    fragment TableSection on Section {
  number
  standardTitle
  printedTitle
  partial
  rows {
    id
    code
    label
    sourceLine
    cells {
      column
      value
      rawText
      blank
      notApplicable
      sourceLine
      sourceColumn
      page
      box {
        page
        x
        y
        width
        height
      }
    }
  }
}`) as unknown as TypedDocumentString<ReportTablesQuery, ReportTablesQueryVariables>;
export const ReportSourceDocument = new TypedDocumentString(`
    query ReportSource($id: ID!) {
  report(id: $id) {
    id
    sourceText
  }
}
    `) as unknown as TypedDocumentString<ReportSourceQuery, ReportSourceQueryVariables>;
export const AgencyTrendDocument = new TypedDocumentString(`
    query AgencyTrend($id: ID!, $measure: MeasureInput!) {
  agency(id: $id) {
    id
    trend(measure: $measure) {
      year
      value
      change
      changeRate
      reports
    }
  }
}
    `) as unknown as TypedDocumentString<AgencyTrendQuery, AgencyTrendQueryVariables>;
export const QualityDocument = new TypedDocumentString(`
    query Quality($filter: ReportFilter) {
  qualitySummary(filter: $filter) {
    year
    reports
    reportsWithIssues
    reportsWithFlaggedTables
    carryOverMismatches
  }
}
    `) as unknown as TypedDocumentString<QualityQuery, QualityQueryVariables>;
export const IssuesByAgencyDocument = new TypedDocumentString(`
    query IssuesByAgency($filter: ReportFilter) {
  issueCounts(filter: $filter, groupBy: AGENCY) {
    year
    groupCode
    groupName
    code
    issues
    reports
  }
}
    `) as unknown as TypedDocumentString<IssuesByAgencyQuery, IssuesByAgencyQueryVariables>;
export const CoverageDocument = new TypedDocumentString(`
    query Coverage($filter: ReportFilter!) {
  coverage(filter: $filter, limit: 200) {
    total
    gaps {
      agencyId
      agencyName
      divisionCode
      missingYears
    }
  }
}
    `) as unknown as TypedDocumentString<CoverageQuery, CoverageQueryVariables>;
export const RankingsDocument = new TypedDocumentString(`
    query Rankings($filter: ReportFilter, $groupBy: GroupBy!, $rate: Rate!, $order: RankOrder, $minRequests: Float!, $limit: Int!) {
  ranking(
    filter: $filter
    groupBy: $groupBy
    rate: $rate
    order: $order
    minRequests: $minRequests
    limit: $limit
  ) {
    groupCode
    groupName
    reports
    processed
    grantRate
    grantOrPartialRate
    refusalRate
    notHeldRate
    litigationRate
  }
}
    `) as unknown as TypedDocumentString<RankingsQuery, RankingsQueryVariables>;
export const RefusalsDocument = new TypedDocumentString(`
    query Refusals($filter: ReportFilter) {
  refusedBreakdown(filter: $filter, groupBy: NONE) {
    ...BreakdownRow
  }
}
    fragment BreakdownRow on RefusedBreakdownRow {
  year
  groupCode
  groupName
  reports
  totalProcessed
  refused
  reasons {
    reason
    label
    count
    shareOfRefusals
    shareOfProcessed
  }
}`) as unknown as TypedDocumentString<RefusalsQuery, RefusalsQueryVariables>;
export const RefusalsByGroupDocument = new TypedDocumentString(`
    query RefusalsByGroup($filter: ReportFilter, $groupBy: GroupBy!) {
  refusedBreakdown(filter: $filter, groupBy: $groupBy) {
    ...BreakdownRow
  }
}
    fragment BreakdownRow on RefusedBreakdownRow {
  year
  groupCode
  groupName
  reports
  totalProcessed
  refused
  reasons {
    reason
    label
    count
    shareOfRefusals
    shareOfProcessed
  }
}`) as unknown as TypedDocumentString<RefusalsByGroupQuery, RefusalsByGroupQueryVariables>;
export const RegionNamesDocument = new TypedDocumentString(`
    query RegionNames($divisionCode: String!) {
  agencies(filter: {divisionCode: $divisionCode}, first: 1) {
    nodes {
      province
      city
      county
      provinceCode
      cityCode
      divisionCode
    }
  }
}
    `) as unknown as TypedDocumentString<RegionNamesQuery, RegionNamesQueryVariables>;