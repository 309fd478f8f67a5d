/** Chinese labels of the template (FORMAT.md), used for GraphQL descriptions and printed output. */
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
} from './codes';

export const ROW_LABELS: Readonly<Record<RowCode, string>> = {
  [RowCode.REGULATIONS]: '第二十条第(一)项 规章',
  [RowCode.NORMATIVE_DOCUMENTS]: '第二十条第(一)项 行政规范性文件',
  [RowCode.LICENSING]: '第二十条第(五)项 行政许可',
  [RowCode.OTHER_MANAGEMENT_SERVICES]: '其他对外管理服务事项 (2019 form)',
  [RowCode.PUNISHMENT]: '第二十条第(六)项 行政处罚',
  [RowCode.ENFORCEMENT]: '第二十条第(六)项 行政强制',
  [RowCode.FEES]: '第二十条第(八)项 行政事业性收费',
  [RowCode.PROCUREMENT]: '第二十条第(九)项 政府集中采购 (2019 form)',
  [RowCode.NEW_RECEIVED]: '一、本年新收政府信息公开申请数量',
  [RowCode.CARRIED_OVER]: '二、上年结转政府信息公开申请数量',
  [RowCode.GRANTED]: '三(一) 予以公开',
  [RowCode.PARTIALLY_GRANTED]: '三(二) 部分公开',
  [RowCode.REFUSED_STATE_SECRET]: '三(三) 不予公开 1.属于国家秘密',
  [RowCode.REFUSED_LAW_PROHIBITED]: '三(三) 不予公开 2.其他法律行政法规禁止公开',
  [RowCode.REFUSED_THREE_SECURITY_ONE_STABILITY]: '三(三) 不予公开 3.危及“三安全一稳定”',
  [RowCode.REFUSED_THIRD_PARTY_RIGHTS]: '三(三) 不予公开 4.保护第三方合法权益',
  [RowCode.REFUSED_INTERNAL_AFFAIRS]: '三(三) 不予公开 5.属于三类内部事务信息',
  [RowCode.REFUSED_PROCESS_INFORMATION]: '三(三) 不予公开 6.属于四类过程性信息',
  [RowCode.REFUSED_ENFORCEMENT_CASE_FILE]: '三(三) 不予公开 7.属于行政执法案卷',
  [RowCode.REFUSED_ADMINISTRATIVE_QUERY]: '三(三) 不予公开 8.属于行政查询事项',
  [RowCode.UNABLE_NOT_HELD]: '三(四) 无法提供 1.本机关不掌握相关政府信息',
  [RowCode.UNABLE_NEEDS_CREATION]: '三(四) 无法提供 2.没有现成信息需要另行制作',
  [RowCode.UNABLE_UNCLEAR_AFTER_CORRECTION]: '三(四) 无法提供 3.补正后申请内容仍不明确',
  [RowCode.NOT_PROCESSED_PETITION_OR_COMPLAINT]: '三(五) 不予处理 1.信访举报投诉类申请',
  [RowCode.NOT_PROCESSED_REPEATED]: '三(五) 不予处理 2.重复申请',
  [RowCode.NOT_PROCESSED_PUBLICATION]: '三(五) 不予处理 3.要求提供公开出版物',
  [RowCode.NOT_PROCESSED_EXCESSIVE]: '三(五) 不予处理 4.无正当理由大量反复申请',
  [RowCode.NOT_PROCESSED_CONFIRMATION]: '三(五) 不予处理 5.要求行政机关确认或重新出具已获取信息',
  [RowCode.OTHER_DISPOSAL]: '三(六) 其他处理 (2019 form, no parts)',
  [RowCode.OTHER_DISPOSAL_NO_CORRECTION]: '三(六) 其他处理 1.申请人无正当理由逾期不补正',
  [RowCode.OTHER_DISPOSAL_FEE_UNPAID]: '三(六) 其他处理 2.申请人逾期未按收费通知要求缴纳费用',
  [RowCode.OTHER_DISPOSAL_OTHER]: '三(六) 其他处理 3.其他',
  [RowCode.TOTAL_PROCESSED]: '三(七) 总计',
  [RowCode.CARRIED_FORWARD]: '四、结转下年度继续办理',
  [RowCode.RECONSIDERATION]: '行政复议',
  [RowCode.LITIGATION_DIRECT]: '行政诉讼 未经复议直接起诉',
  [RowCode.LITIGATION_AFTER_RECONSIDERATION]: '行政诉讼 复议后起诉',
};

export const COLUMN_LABELS: Readonly<Record<ColumnCode, string>> = {
  [ColumnCode.ISSUED]: '本年制发件数',
  [ColumnCode.REPEALED]: '本年废止件数',
  [ColumnCode.IN_FORCE]: '现行有效件数',
  [ColumnCode.DECISIONS]: '(本年)处理决定数量',
  [ColumnCode.AMOUNT]: '金额(万元)',
  [ColumnCode.NEWLY_MADE]: '本年新制作数量',
  [ColumnCode.NEWLY_PUBLISHED]: '本年新公开数量',
  [ColumnCode.TOTAL_PUBLISHED]: '对外公开总数量',
  [ColumnCode.PREVIOUS_YEAR_ITEMS]: '上一年项目数量',
  [ColumnCode.ITEM_CHANGE]: '本年增/减',
  [ColumnCode.PROJECTS]: '采购项目数量',
  [ColumnCode.NATURAL_PERSON]: '自然人',
  [ColumnCode.COMMERCIAL_ENTERPRISE]: '法人或其他组织 商业企业',
  [ColumnCode.RESEARCH_INSTITUTION]: '法人或其他组织 科研机构',
  [ColumnCode.SOCIAL_WELFARE_ORG]: '法人或其他组织 社会公益组织',
  [ColumnCode.LEGAL_SERVICE_ORG]: '法人或其他组织 法律服务机构',
  [ColumnCode.OTHER_ORG]: '法人或其他组织 其他',
  [ColumnCode.TOTAL]: '总计',
  [ColumnCode.UPHELD]: '结果维持',
  [ColumnCode.CORRECTED]: '结果纠正',
  [ColumnCode.OTHER]: '其他结果',
  [ColumnCode.PENDING]: '尚未审结',
};

export const REFUSAL_REASON_LABELS: Readonly<Record<RefusalReason, string>> = {
  [RefusalReason.STATE_SECRET]: '属于国家秘密',
  [RefusalReason.LAW_PROHIBITED]: '其他法律行政法规禁止公开',
  [RefusalReason.THREE_SECURITY_ONE_STABILITY]: '危及“三安全一稳定”',
  [RefusalReason.THIRD_PARTY_RIGHTS]: '保护第三方合法权益',
  [RefusalReason.INTERNAL_AFFAIRS]: '属于三类内部事务信息',
  [RefusalReason.PROCESS_INFORMATION]: '属于四类过程性信息',
  [RefusalReason.ENFORCEMENT_CASE_FILE]: '属于行政执法案卷',
  [RefusalReason.ADMINISTRATIVE_QUERY]: '属于行政查询事项',
};

export const TABLE_LABELS: Readonly<Record<TableCode, string>> = {
  [TableCode.ACTIVE_DISCLOSURE]: '主动公开政府信息情况',
  [TableCode.APPLICATIONS]: '收到和处理政府信息公开申请情况',
  [TableCode.REVIEW_LITIGATION]: '政府信息公开行政复议、行政诉讼情况',
};

export const FORM_VERSION_LABELS: Readonly<Record<FormVersion, string>> = {
  [FormVersion.V2019]: '国办公开办函〔2019〕60号 (reports on 2019 and 2020)',
  [FormVersion.V2021]: '国办公开办函〔2021〕30号 (reports on 2021 onwards)',
};

export const AGENCY_LEVEL_LABELS: Readonly<Record<AgencyLevel, string>> = {
  [AgencyLevel.NATIONAL]: '国家级 (State Council departments)',
  [AgencyLevel.PROVINCE]: '省级',
  [AgencyLevel.CITY]: '市级',
  [AgencyLevel.COUNTY]: '县级',
  [AgencyLevel.TOWNSHIP]: '乡镇级',
};

export const AGENCY_KIND_LABELS: Readonly<Record<AgencyKind, string>> = {
  [AgencyKind.GOVERNMENT]: '人民政府',
  [AgencyKind.DEPARTMENT]: '政府部门',
  [AgencyKind.DEVELOPMENT_ZONE]: '开发区/园区管委会',
  [AgencyKind.TOWNSHIP]: '乡镇/街道',
  [AgencyKind.OTHER]: '其他',
};

export const ISSUE_CODE_LABELS: Readonly<Record<IssueCode, string>> = {
  [IssueCode.ROW_TOTAL_MISMATCH]: 'Identity 1: a row total differs from the sum of its applicant columns',
  [IssueCode.OUTCOME_TOTAL_MISMATCH]: 'Identity 2: 总计 differs from the sum of the outcome rows',
  [IssueCode.BALANCE_MISMATCH]: 'Identity 3: 新收 + 上年结转 differs from 总计 + 结转下年度',
  [IssueCode.REVIEW_TOTAL_MISMATCH]: 'Identity 4: a review/litigation total differs from its four parts',
  [IssueCode.CARRY_OVER_MISMATCH]: "Identity 5: 上年结转 differs from last year's 结转下年度",
  [IssueCode.CELL_COUNT_MISMATCH]:
    'A row has more or fewer cells than its columns; the row (or, for review and litigation, the table) is flagged',
  [IssueCode.TABLE_LAYOUT_UNKNOWN]:
    "Numbers that cannot be matched to the template's rows (a repeated row, no label); left out, table partial",
  [IssueCode.AMBIGUOUS_CELLS]:
    'A row printed without separators splits into cells more than one way; left out with its candidates',
  [IssueCode.EXTRA_ROW]: 'A row not in the template (a local addition), kept as an extra row of its table',
  [IssueCode.MISSING_TABLE]: 'A table of the template was not found',
  [IssueCode.MISSING_SECTION]: 'A section of the template was not found',
  [IssueCode.MISSING_ROW]: 'A row of a table was not found',
  [IssueCode.UNPARSEABLE_CELL]: 'A cell could not be read as a number',
  [IssueCode.METADATA_MISMATCH]: 'A manifest value disagrees with the report text',
};

export const ISSUE_SEVERITY_LABELS: Readonly<Record<IssueSeverity, string>> = {
  [IssueSeverity.ERROR]: 'The data cannot be trusted as printed',
  [IssueSeverity.WARNING]: 'The report breaks an identity or lacks a part',
  [IssueSeverity.INFO]: 'Worth knowing, nothing wrong',
};
