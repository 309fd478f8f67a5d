/**
 * The refused breakdown as `gongkai export refused-breakdown` writes it: the long table of
 * src/analytics' REFUSED_BREAKDOWN_CSV (one line per year, group and reason, the reason's stored
 * code), shaped by the export's own options (src/analytics/csv.ts: --wide, --percent) and written
 * as csv-stringify writes it (--excel: a byte order mark and CRLF). The browser test holds the
 * download equal to the command's output.
 */
import { type CsvTable, shapeTable } from '../../../../src/analytics/csv';
import { WIDE_LAYOUTS } from '../../../../src/analytics/csv-layouts';
import { RefusalReason } from '../../../../src/domain/codes';
import { type BreakdownRowFragment } from '../../generated/graphql';

export interface CsvChoice {
  /** One line per year, one column per reason (`--wide`). */
  wide: boolean;
  /** Shares as percentages (`--percent`). */
  percent: boolean;
  /** For Excel: UTF-8 byte order mark and CRLF (`--excel`). */
  excel: boolean;
}

const COLUMNS = [
  'year',
  'group_code',
  'group_name',
  'reports',
  'total_processed',
  'refused',
  'reason',
  'reason_label',
  'count',
  'share_of_refusals',
  'share_of_processed',
];

export function refusedBreakdownTable(rows: readonly BreakdownRowFragment[]): CsvTable {
  return {
    columns: COLUMNS,
    rows: rows.flatMap((r) =>
      r.reasons.map((x) => [
        r.year,
        r.groupCode,
        r.groupName,
        r.reports,
        r.totalProcessed,
        r.refused,
        // The stored code (stateSecret), as the export writes it; the API's enum is its key.
        RefusalReason[x.reason],
        x.label,
        x.count,
        x.shareOfRefusals,
        x.shareOfProcessed,
      ]),
    ),
  };
}

/** csv-stringify's default quoting: only fields holding a comma, a quote or a line break. */
function field(value: unknown): string {
  if (value == null) return '';
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function refusedBreakdownCsv(
  rows: readonly BreakdownRowFragment[],
  choice: CsvChoice = { wide: false, percent: false, excel: false },
): string {
  const table = shapeTable(refusedBreakdownTable(rows), {
    wide: choice.wide ? WIDE_LAYOUTS['refused-breakdown'] : undefined,
    percent: choice.percent,
  });
  const end = choice.excel ? '\r\n' : '\n';
  const text = [table.columns, ...table.rows].map((line) => line.map(field).join(',') + end).join('');
  return choice.excel ? `\ufeff${text}` : text;
}

/** Offer a text as a file download (a blob URL: nothing leaves the page). */
export function download(text: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
