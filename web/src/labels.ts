/**
 * Chinese labels of the dashboard. Rows and columns use the template's own wording
 * (src/domain/labels.ts); the API's enum names are the keys of src/domain/codes.ts' enums.
 */
import { ColumnCode as StoredColumn, RowCode as StoredRow } from '../../src/domain/codes';
import { COLUMN_LABELS, ROW_LABELS } from '../../src/domain/labels';
import type {
  AgencyKind,
  AgencyLevel,
  ColumnCode,
  GroupBy,
  IssueCode,
  Rate,
  RowCode,
  TableCode,
} from './generated/graphql';

/** The stored code of an API row code (`REFUSED_STATE_SECRET` → `refused.stateSecret`). */
export const storedRow = (code: RowCode): string => StoredRow[code];
export const storedColumn = (code: ColumnCode): string => StoredColumn[code];

export const rowLabel = (code: RowCode): string =>
  ROW_LABELS[StoredRow[code]]
    .replace(' (2019 form, no parts)', '（2019年版）')
    .replace(' (2019 form)', '（2019年版）');
export const columnLabel = (code: ColumnCode): string => COLUMN_LABELS[StoredColumn[code]];

export const LEVEL_LABELS: Record<AgencyLevel, string> = {
  NATIONAL: '国家级',
  PROVINCE: '省级',
  CITY: '市级',
  COUNTY: '县级',
  TOWNSHIP: '乡镇级',
};

export const KIND_LABELS: Record<AgencyKind, string> = {
  GOVERNMENT: '人民政府',
  DEPARTMENT: '政府部门',
  DEVELOPMENT_ZONE: '开发区/园区管委会',
  TOWNSHIP: '乡镇/街道',
  OTHER: '其他',
};

export const TABLE_LABELS: Record<TableCode, string> = {
  ACTIVE_DISCLOSURE: '主动公开政府信息情况',
  APPLICATIONS: '收到和处理政府信息公开申请情况',
  REVIEW_LITIGATION: '政府信息公开行政复议、行政诉讼情况',
};

export const GROUP_LABELS: Record<Exclude<GroupBy, 'NONE'>, string> = {
  PROVINCE: '省',
  CITY: '市',
  COUNTY: '县/区',
  AGENCY: '机关',
};

export const RATE_LABELS: Record<Rate, string> = {
  REFUSAL: '不予公开率',
  GRANT: '予以公开率',
  GRANT_OR_PARTIAL: '公开率（含部分公开）',
  NOT_HELD: '本机关不掌握率',
  LITIGATION: '复议诉讼率',
};

export const ISSUE_LABELS: Record<IssueCode, string> = {
  ROW_TOTAL_MISMATCH: '勾稽关系一：行总计与各申请人之和不符',
  OUTCOME_TOTAL_MISMATCH: '勾稽关系二：总计与各处理结果之和不符',
  BALANCE_MISMATCH: '勾稽关系三：新收＋上年结转≠总计＋结转下年度',
  REVIEW_TOTAL_MISMATCH: '勾稽关系四：复议/诉讼总计与分项之和不符',
  CARRY_OVER_MISMATCH: '勾稽关系五：上年结转与上年度结转下年度不符',
  CELL_COUNT_MISMATCH: '单元格数与列数不符（已标记）',
  TABLE_LAYOUT_UNKNOWN: '表格结构无法识别（已标记）',
  AMBIGUOUS_CELLS: '单元格拆分有歧义（已标记）',
  EXTRA_ROW: '模板外的行',
  MISSING_TABLE: '缺少表格',
  MISSING_SECTION: '缺少部分',
  MISSING_ROW: '缺少行',
  UNPARSEABLE_CELL: '单元格无法读作数字',
  METADATA_MISMATCH: '元数据与正文不符',
};

/** Identity breaks (勾稽关系), as opposed to structural flags. */
export const IDENTITY_CODES: readonly IssueCode[] = [
  'ROW_TOTAL_MISMATCH',
  'OUTCOME_TOTAL_MISMATCH',
  'BALANCE_MISMATCH',
  'REVIEW_TOTAL_MISMATCH',
  'CARRY_OVER_MISMATCH',
];
