/** Where a figure came from: the cell as printed, its line and column (or PDF page and box), and the source lines around it. */
import { useQuery } from '../../api/use-query';
import { ReportSourceDocument, type TableSectionFragment } from '../../generated/graphql';
import { formatNumber } from '../../format';
import { columnLabel, ISSUE_LABELS } from '../../labels';
import { type Issue } from './issues';

type Row = TableSectionFragment['rows'][number];
type Cell = Row['cells'][number];

interface Props {
  reportId: string;
  row: Row;
  cell: Cell;
  issues: readonly Issue[];
  onClose: () => void;
}

export function Provenance({ reportId, row, cell, issues, onClose }: Props) {
  const source = useQuery(ReportSourceDocument, { id: reportId });
  const line = cell.sourceLine ?? row.sourceLine;
  const lines = source.data?.report?.sourceText.split(/\r\n|\r|\n/) ?? [];
  const from = line == null ? 0 : Math.max(1, line - 2);
  const excerpt =
    line == null ? [] : lines.slice(from - 1, line + 2).map((text, i) => ({ n: from + i, text }));
  return (
    <aside className="panel provenance" aria-label="数据来源" data-testid="provenance">
      <h3>
        来源：{row.label} · {columnLabel(cell.column)}
        <button type="button" className="close" aria-label="关闭来源" onClick={onClose}>
          ×
        </button>
      </h3>
      <dl>
        <dt>读取值</dt>
        <dd>{formatNumber(cell.value)}</dd>
        <dt>原文</dt>
        <dd>
          <code>{cell.rawText || '（空）'}</code>
          {cell.blank && '（空白，按 0 计）'}
          {cell.notApplicable && '（标为不适用）'}
        </dd>
        <dt>位置</dt>
        <dd>
          {line != null ? `第 ${line} 行` : '行号未知'}
          {cell.sourceColumn != null && `，第 ${cell.sourceColumn} 列`}
          {cell.box &&
            `；PDF 第 ${cell.box.page} 页 (x ${cell.box.x.toFixed(0)}, y ${cell.box.y.toFixed(0)})`}
        </dd>
        {issues.length > 0 && (
          <>
            <dt>问题</dt>
            <dd>
              <ul>
                {issues.map((i) => (
                  <li key={i.id}>
                    {ISSUE_LABELS[i.code]}：{i.message}
                  </li>
                ))}
              </ul>
            </dd>
          </>
        )}
      </dl>
      {excerpt.length > 0 && (
        <pre className="source" aria-label="原文摘录">
          {excerpt.map((l) => (
            <span key={l.n} className={l.n === line ? 'hit' : undefined}>
              {String(l.n).padStart(4)} {l.text}
              {'\n'}
            </span>
          ))}
        </pre>
      )}
    </aside>
  );
}
