/**
 * A report as the row-level parser gives it (issue 13): a seed report read from a PDF, whose
 * applications table lost one row to ambiguous cells (partial, with candidates), whose
 * active-disclosure table has an extra row, and whose cells carry page boxes.
 */
import { ColumnCode, IssueCode, IssueSeverity, RowCode, TableCode } from '../../src/domain/codes';
import { type NormalizedReport, type PageBox } from '../../src/domain/report';
import { allGoldenReports } from './golden';

/** The box of the n-th cell of a table: distinct, fractional values so a round trip is checked. */
export const boxOf = (n: number): PageBox => ({
  page: 1 + (n % 3),
  x: 56.5 + n,
  y: 100.25 + 2 * n,
  width: 30.125,
  height: 12.5,
});

export const AMBIGUOUS_ROW = RowCode.GRANTED;
export const CANDIDATES = [
  [1, 21, 0, 0, 0, 0, 22],
  [12, 10, 0, 0, 0, 0, 22],
];
export const EXTRA_LABEL = '（九）其他主动公开文件';
/** Bytes standing for the original file (the store keeps them as given; nothing parses them here). */
export const SOURCE_BYTES = Uint8Array.from(
  Buffer.from('%PDF-1.7\n% a stand-in for the original file\n\u0000\u00ff', 'latin1'),
);

export function rowLevelReport(): NormalizedReport {
  const { report } = allGoldenReports()[0]!;
  let n = 0;
  const tables = report.tables.map((t) => {
    const rows = t.rows
      .filter((r) => !(t.table === TableCode.APPLICATIONS && r.code === AMBIGUOUS_ROW))
      .map((r) => ({
        ...r,
        box: boxOf(1000 + n),
        cells: r.cells.map((c) => ({ ...c, box: boxOf(n++) })),
      }));
    if (t.table === TableCode.APPLICATIONS) return { ...t, rows, partial: true };
    if (t.table === TableCode.ACTIVE_DISCLOSURE) {
      return {
        ...t,
        rows,
        extraRows: [
          {
            label: EXTRA_LABEL,
            position: { line: 42, column: 1 },
            box: boxOf(2000),
            cells: [
              {
                column: ColumnCode.ISSUED,
                value: 3,
                raw: '3',
                blank: false,
                notApplicable: false,
                box: boxOf(2001),
              },
              { column: ColumnCode.REPEALED, value: 0, raw: '', blank: true, notApplicable: false },
              { column: ColumnCode.IN_FORCE, value: 17, raw: '17', blank: false, notApplicable: false },
            ],
          },
          {
            label: '其中：行政规范性文件备案',
            cells: [{ value: null, raw: '见附件', blank: false, notApplicable: false }],
          },
        ],
      };
    }
    return { ...t, rows };
  });
  return {
    ...report,
    sourceText: `${report.sourceText}\n(PDF)`,
    sourceKind: 'pdf',
    sourceBytes: SOURCE_BYTES,
    parserVersion: '2.0.0',
    tables,
    issues: [
      ...report.issues,
      {
        code: IssueCode.AMBIGUOUS_CELLS,
        severity: IssueSeverity.ERROR,
        where: AMBIGUOUS_ROW,
        message: '三(一) 予以公开: 1210000022 splits two ways under the identities',
        position: { line: 30, column: 3 },
        candidates: CANDIDATES,
      },
      {
        code: IssueCode.EXTRA_ROW,
        severity: IssueSeverity.INFO,
        where: TableCode.ACTIVE_DISCLOSURE,
        message: `row "${EXTRA_LABEL}" is not in the template; kept as an extra row`,
      },
    ],
  };
}
