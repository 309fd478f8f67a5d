/**
 * The refused breakdown as `gongkai export refused-breakdown` writes it (src/analytics'
 * REFUSED_BREAKDOWN_CSV through csv-stringify): one line per year, group and reason, numbers as
 * JavaScript prints them, empty for null. The browser test holds the two equal.
 */
import { RefusalReason } from '../../../../src/domain/codes';
import { type BreakdownRowFragment } from '../../generated/graphql';

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

/** csv-stringify's default quoting: only fields holding a comma, a quote or a line break. */
function field(value: string | number | null): string {
  if (value == null) return '';
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function refusedBreakdownCsv(rows: readonly BreakdownRowFragment[]): string {
  const lines = [COLUMNS];
  for (const r of rows) {
    for (const x of r.reasons) {
      lines.push(
        [
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
        ].map(field),
      );
    }
  }
  return lines.map((l) => `${l.join(',')}\n`).join('');
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
