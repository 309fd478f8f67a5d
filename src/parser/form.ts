/**
 * Which national form a report uses, judged from the table layout actually printed (column
 * headers of section two, the shape of 三(六) 其他处理), and only when the tables are silent from
 * the year (reports on 2019 and 2020 used the 2019 form).
 */
import { FormVersion, RowCode } from '../domain/codes';
import { applicationRowsFor } from './row-matchers';
import { runRows } from './tables';
import type { Run } from './runs';
import type { Token } from './tokens';

const SIGNS_2019 = [
  '新制作',
  '新公开',
  '对外公开总数',
  '上一年项目',
  '增/减',
  '增减',
  '采购项目',
  '集中采购',
  '对外管理服务',
];
const SIGNS_2021 = ['制发件数', '废止件数', '现行有效', '收费金额', '本年处理决定'];

export interface FormEvidence {
  v2019: number;
  v2021: number;
}

/** Counts distinct signs of each form among the labels of the active-disclosure and applications tables. */
export function formEvidence(labels: Iterable<Token>, applicationRuns: readonly Run[]): FormEvidence {
  const seen2019 = new Set<string>();
  const seen2021 = new Set<string>();
  for (const t of labels) {
    for (const s of SIGNS_2019) if (t.norm.includes(s)) seen2019.add(s);
    for (const s of SIGNS_2021) if (t.norm.includes(s)) seen2021.add(s);
  }
  for (const run of applicationRuns) {
    const rows = runRows(run, applicationRowsFor);
    if (rows.includes(RowCode.OTHER_DISPOSAL)) seen2019.add('其他处理');
    if (
      rows.includes(RowCode.OTHER_DISPOSAL_NO_CORRECTION) ||
      rows.includes(RowCode.OTHER_DISPOSAL_FEE_UNPAID)
    ) {
      seen2021.add('其他处理分项');
    }
  }
  return { v2019: seen2019.size, v2021: seen2021.size };
}

export function decideForm(evidence: FormEvidence, year: number | null): FormVersion {
  if (evidence.v2019 > evidence.v2021) return FormVersion.V2019;
  if (evidence.v2021 > evidence.v2019) return FormVersion.V2021;
  return year !== null && year <= 2020 ? FormVersion.V2019 : FormVersion.V2021;
}
