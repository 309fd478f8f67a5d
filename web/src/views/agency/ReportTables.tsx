/**
 * A report's three tables as read, every cell a button that shows its provenance; cells and rows
 * an issue concerns are marked, and a row's label shows its trend.
 */
import type {
  ColumnCode,
  ReportTablesQuery,
  RowCode,
  TableCode,
  TableSectionFragment,
} from '../../generated/graphql';
import { formatNumber } from '../../format';
import { columnLabel, ISSUE_LABELS, rowLabel, TABLE_LABELS } from '../../labels';
import { cellKey, type Issue, indexIssues } from './issues';

type Report = NonNullable<ReportTablesQuery['report']>;
const SECTIONS: readonly [
  keyof Pick<Report, 'activeDisclosure' | 'applications' | 'reviewLitigation'>,
  TableCode,
][] = [
  ['activeDisclosure', 'ACTIVE_DISCLOSURE'],
  ['applications', 'APPLICATIONS'],
  ['reviewLitigation', 'REVIEW_LITIGATION'],
];

interface Props {
  report: Report;
  issues: readonly Issue[];
  partialTables: readonly TableCode[];
  selectedCell?: string;
  onCell: (key: string) => void;
  onRow: (table: TableCode, row: RowCode, column: ColumnCode) => void;
}

const describe = (issues: readonly Issue[]) =>
  issues.map((i) => `${ISSUE_LABELS[i.code]}：${i.message}`).join('\n');

export function ReportTables({ report, issues, partialTables, selectedCell, onCell, onRow }: Props) {
  return (
    <>
      {SECTIONS.map(([field, table]) => (
        <Table
          key={table}
          table={table}
          section={report[field]}
          issues={issues}
          partial={partialTables.includes(table)}
          selectedCell={selectedCell}
          onCell={onCell}
          onRow={onRow}
        />
      ))}
    </>
  );
}

function Table({
  table,
  section,
  issues,
  partial,
  selectedCell,
  onCell,
  onRow,
}: Omit<Props, 'report' | 'partialTables'> & {
  table: TableCode;
  section: TableSectionFragment | null;
  partial: boolean;
}) {
  if (!section || section.rows.length === 0) {
    return (
      <div className="panel">
        <h3>{TABLE_LABELS[table]}</h3>
        <p className="status error">未读到此表。</p>
      </div>
    );
  }
  const columns: ColumnCode[] = [];
  for (const r of section.rows)
    for (const c of r.cells) if (!columns.includes(c.column)) columns.push(c.column);
  const index = indexIssues(issues, section.rows);
  return (
    <div className="panel">
      <h3>
        {TABLE_LABELS[table]}
        {(partial || section.partial) && <span className="badge warn">部分行被标记、未计入</span>}
      </h3>
      <div className="table-wrap" tabIndex={0} role="region" aria-label={TABLE_LABELS[table]}>
        <table className="report-table">
          <thead>
            <tr>
              <th scope="col">行</th>
              {columns.map((c) => (
                <th scope="col" key={c}>
                  {columnLabel(c)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {section.rows.map((row) => {
              const rowIssues = index.rows.get(row.code);
              return (
                <tr
                  key={row.id}
                  className={rowIssues ? 'has-issue' : undefined}
                  title={rowIssues && describe(rowIssues)}
                >
                  <th scope="row">
                    <button
                      type="button"
                      className="link"
                      title={rowLabel(row.code)}
                      aria-label={`查看趋势：${row.label}`}
                      onClick={() =>
                        onRow(
                          table,
                          row.code,
                          row.cells.some((c) => c.column === 'TOTAL') ? 'TOTAL' : row.cells[0]!.column,
                        )
                      }
                    >
                      {row.label}
                    </button>
                    {rowIssues && (
                      <span className="flag" aria-label={describe(rowIssues)}>
                        ⚠
                      </span>
                    )}
                  </th>
                  {columns.map((column) => {
                    const cell = row.cells.find((c) => c.column === column);
                    if (!cell) return <td key={column} />;
                    const key = cellKey(row.code, column);
                    const cellIssues = index.cells.get(key);
                    return (
                      <td key={column} className={cellIssues ? 'has-issue' : undefined}>
                        <button
                          type="button"
                          className={`cell${key === selectedCell ? ' selected' : ''}`}
                          aria-label={`${row.label} ${columnLabel(column)}：${formatNumber(cell.value)}${cellIssues ? '（有问题）' : ''}，查看来源`}
                          title={cellIssues ? describe(cellIssues) : `原文：${cell.rawText || '（空）'}`}
                          onClick={() => onCell(key)}
                        >
                          {cell.value == null ? '？' : formatNumber(cell.value)}
                          {cellIssues && <span className="flag">⚠</span>}
                        </button>
                      </td>
                    );
                  })}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
