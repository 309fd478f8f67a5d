/**
 * View 2: an agency, found by name; its reports by year with the three tables, each cell's
 * provenance a click away, issues on the cells they concern, and the trend of any row.
 */
import { useState } from 'react';
import { useQuery } from '../../api/use-query';
import { Link } from '../../components/Link';
import { Status } from '../../components/Status';
import {
  AgencyOverviewDocument,
  AgencySearchDocument,
  type ColumnCode,
  ReportTablesDocument,
  type RowCode,
  type TableCode,
} from '../../generated/graphql';
import { ISSUE_LABELS, KIND_LABELS, LEVEL_LABELS } from '../../labels';
import { href, navigate, type Route, withParams } from '../../state/route';
import { cellKey, indexIssues } from './issues';
import { Provenance } from './Provenance';
import { ReportTables } from './ReportTables';
import { Trend } from './Trend';

const TABLES: readonly TableCode[] = ['ACTIVE_DISCLOSURE', 'APPLICATIONS', 'REVIEW_LITIGATION'];

export function AgencyView({ route }: { route: Route }) {
  const p = route.params;
  const q = p.get('q') ?? '';
  const id = p.get('id') ?? '';
  return (
    <section aria-labelledby="agency-title">
      <h1 id="agency-title">机关年度报告</h1>
      <Search route={route} q={q} />
      {q && !id && <Results q={q} />}
      {id && <Agency route={route} id={id} />}
    </section>
  );
}

function Search({ route, q }: { route: Route; q: string }) {
  const [text, setText] = useState(q);
  return (
    <form
      className="search"
      role="search"
      onSubmit={(e) => {
        e.preventDefault();
        navigate(href('agency', { q: text.trim() }));
      }}
    >
      <label>
        机关名称
        <input
          type="search"
          value={text}
          placeholder="例如：岳阳楼区"
          onChange={(e) => setText(e.target.value)}
        />
      </label>
      <button type="submit">搜索</button>
      {route.params.get('id') && q && <Link to={href('agency', { q })}>返回搜索结果</Link>}
    </form>
  );
}

function Results({ q }: { q: string }) {
  const { data, loading, error } = useQuery(AgencySearchDocument, { name: q });
  const nodes = data?.agencies.nodes ?? [];
  return (
    <div className="panel">
      <Status loading={loading} error={error} />
      {data && (
        <p>
          找到 {data.agencies.totalCount} 个机关
          {data.agencies.totalCount > nodes.length && `（显示前 ${nodes.length} 个）`}。
        </p>
      )}
      <ul className="results" aria-label="搜索结果">
        {nodes.map((a) => (
          <li key={a.id}>
            <Link to={href('agency', { q, id: a.id })}>{a.name}</Link>{' '}
            <small>
              {[a.province, a.city, a.county].filter(Boolean).join(' ')} {a.level && LEVEL_LABELS[a.level]}{' '}
              {a.kind && KIND_LABELS[a.kind]}
            </small>
          </li>
        ))}
      </ul>
    </div>
  );
}

function Agency({ route, id }: { route: Route; id: string }) {
  const p = route.params;
  const overview = useQuery(AgencyOverviewDocument, { id });
  const agency = overview.data?.agency;
  const reports = agency?.reports ?? [];
  const year = Number(p.get('year')) || reports[reports.length - 1]?.year;
  const report = reports.find((r) => r.year === year);
  const tables = useQuery(ReportTablesDocument, { id: report?.id ?? '' }, { skip: !report });
  const set = (changes: Record<string, string | null>) => navigate(withParams(route, changes));

  const table = TABLES.find((t) => t === p.get('table')) ?? 'APPLICATIONS';
  const row = (p.get('row') ?? 'NEW_RECEIVED') as RowCode;
  const column = (p.get('col') ?? 'TOTAL') as ColumnCode;
  const selected = p.get('cell') ?? undefined;
  const loaded = tables.data?.report;
  const sections = loaded ? [loaded.activeDisclosure, loaded.applications, loaded.reviewLitigation] : [];
  const allRows = sections.flatMap((s) => s?.rows ?? []);
  const selectedRow = selected
    ? allRows.find((r) => r.cells.some((c) => cellKey(r.code, c.column) === selected))
    : undefined;
  const selectedCell = selectedRow?.cells.find((c) => cellKey(selectedRow.code, c.column) === selected);
  const cellIssues =
    selectedRow && selected
      ? (indexIssues(report?.issues ?? [], [selectedRow]).cells.get(selected) ?? [])
      : [];

  return (
    <>
      <Status loading={overview.loading} error={overview.error} />
      {overview.data && !agency && <p className="status error">没有这个机关。</p>}
      {agency && (
        <div className="panel">
          <h2>{agency.name}</h2>
          <p>
            {[agency.province, agency.city, agency.county].filter(Boolean).join(' · ')}
            {agency.divisionCode && `（${agency.divisionCode}）`} {agency.level && LEVEL_LABELS[agency.level]}{' '}
            {agency.kind && KIND_LABELS[agency.kind]}
          </p>
          <div className="years" role="group" aria-label="报告年度">
            {reports.map((r) => (
              <button
                key={r.id}
                type="button"
                aria-pressed={r.year === year}
                onClick={() => set({ year: String(r.year), cell: null })}
                title={r.issues.length ? `${r.issues.length} 个问题` : '无问题'}
              >
                {r.year}年{r.issues.length > 0 && <span className="flag"> ⚠{r.issues.length}</span>}
              </button>
            ))}
          </div>
          {report && report.issues.length > 0 && (
            <details className="issues">
              <summary>本年度报告的问题（{report.issues.length}）</summary>
              <ul>
                {report.issues.map((i) => (
                  <li key={i.id}>
                    {ISSUE_LABELS[i.code]}：{i.message}
                    {i.sourceLine != null && `（第 ${i.sourceLine} 行）`}
                  </li>
                ))}
              </ul>
            </details>
          )}
        </div>
      )}
      {agency && (
        <Trend
          agencyId={agency.id}
          table={table}
          row={row}
          column={column}
          columns={allRows.find((r) => r.code === row)?.cells.map((c) => c.column) ?? []}
          onColumn={(c) => set({ col: c })}
        />
      )}
      <Status loading={tables.loading} error={tables.error} />
      {loaded && selectedRow && selectedCell && (
        <Provenance
          reportId={loaded.id}
          row={selectedRow}
          cell={selectedCell}
          issues={cellIssues}
          onClose={() => set({ cell: null })}
        />
      )}
      {loaded && report && (
        <ReportTables
          report={loaded}
          issues={report.issues}
          partialTables={report.partialTables}
          selectedCell={selected}
          onCell={(key) => set({ cell: key })}
          onRow={(t, r, c) => set({ table: t, row: r, col: c })}
        />
      )}
    </>
  );
}
