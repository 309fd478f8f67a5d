import { parseArgs } from 'node:util';
import { stringify } from 'csv-stringify/sync';
import { type DataSource } from 'typeorm';
import { cellTrend, RowGroup } from '../../analytics/cell-trend';
import { GroupBy } from '../../analytics/groups';
import { coverageGaps, issueCounts, qualitySummary } from '../../analytics/quality';
import { groupRates, Rate, rankGroups } from '../../analytics/rates';
import { refusedBreakdown } from '../../analytics/refused-breakdown';
import { searchSections } from '../../analytics/section-search';
import { sectionSimilarity } from '../../analytics/section-similarity';
import { loadConfig } from '../../config';
import { openDatabase } from '../../db/bootstrap';
import { type ReportScope } from '../../db/queries/scope';
import { AgencyKind, AgencyLevel, ColumnCode, FormVersion, RowCode, TableCode } from '../../domain/codes';
import { REFUSAL_REASON_LABELS } from '../../domain/labels';
import { type CliCommand, UsageError } from '../command';

type Options = Record<string, string | undefined>;
type Table = { columns: string[]; rows: unknown[][] };

function oneOf<E extends Record<string, string>>(
  e: E,
  value: string | undefined,
  flag: string,
): E[keyof E] | undefined {
  if (value == null) return undefined;
  // Accept the GraphQL name (REFUSED_STATE_SECRET) or the stored code (refused.stateSecret).
  const byKey = (e as Record<string, string>)[value.toUpperCase().replace(/-/g, '_')];
  const found = byKey ?? Object.values(e).find((v) => v === value);
  if (!found) throw new UsageError(`--${flag} must be one of ${Object.keys(e).join(', ')}; got "${value}"`);
  return found as E[keyof E];
}

function int(value: string | undefined, flag: string): number | undefined {
  if (value == null) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new UsageError(`--${flag} must be a number; got "${value}"`);
  return n;
}

function filterOf(o: Options): ReportScope {
  return {
    agencyIds: o['agency-ids']?.split(',').map((x) => int(x, 'agency-ids')!),
    province: o.province,
    city: o.city,
    county: o.county,
    divisionCode: o['division-code'],
    level: oneOf(AgencyLevel, o.level, 'level'),
    kind: oneOf(AgencyKind, o.kind, 'kind'),
    yearFrom: int(o['year-from'], 'year-from'),
    yearTo: int(o['year-to'], 'year-to'),
    formVersion: o['form-version']
      ? oneOf(FormVersion, `V${o['form-version'].replace(/^V/i, '')}`, 'form-version')
      : undefined,
  };
}

/** Each analysis as a flat table, computed by the same functions the GraphQL resolvers call. */
const ANALYSES: Record<string, (ds: DataSource, o: Options) => Promise<Table>> = {
  async 'refused-breakdown'(ds, o) {
    const rows = await refusedBreakdown(
      ds,
      filterOf(o),
      oneOf(GroupBy, o['group-by'], 'group-by') ?? GroupBy.NONE,
    );
    return {
      columns: [
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
      ],
      rows: rows.flatMap((r) =>
        r.reasons.map((x) => [
          r.year,
          r.groupCode,
          r.groupName,
          r.reports,
          r.totalProcessed,
          r.refused,
          x.reason,
          REFUSAL_REASON_LABELS[x.reason],
          x.count,
          x.shareOfRefusals,
          x.shareOfProcessed,
        ]),
      ),
    };
  },
  async trend(ds, o) {
    const table = oneOf(TableCode, o.table ?? 'APPLICATIONS', 'table')!;
    const column = oneOf(ColumnCode, o.column ?? 'TOTAL', 'column')!;
    const rows = await cellTrend(
      ds,
      { table, row: oneOf(RowCode, o.row, 'row'), group: oneOf(RowGroup, o.group, 'group'), column },
      filterOf(o),
      oneOf(GroupBy, o['group-by'], 'group-by') ?? GroupBy.NONE,
    );
    return {
      columns: ['year', 'group_code', 'group_name', 'reports', 'value', 'change', 'change_rate'],
      rows: rows.map((r) => [r.year, r.groupCode, r.groupName, r.reports, r.value, r.change, r.changeRate]),
    };
  },
  async rates(ds, o) {
    const rows = await groupRates(ds, filterOf(o), oneOf(GroupBy, o['group-by'], 'group-by') ?? GroupBy.NONE);
    return ratesTable(rows);
  },
  async ranking(ds, o) {
    const rows = await rankGroups(ds, filterOf(o), {
      rate: oneOf(Rate, o.rate ?? 'REFUSAL', 'rate')!,
      groupBy: oneOf(GroupBy, o['group-by'] ?? 'PROVINCE', 'group-by')!,
      order: o.order === 'bottom' ? 'bottom' : 'top',
      limit: int(o.limit, 'limit') ?? 10,
      minRequests: int(o['min-requests'], 'min-requests') ?? 30,
    });
    return ratesTable(rows);
  },
  async 'issue-counts'(ds, o) {
    const rows = await issueCounts(
      ds,
      filterOf(o),
      oneOf(GroupBy, o['group-by'], 'group-by') ?? GroupBy.NONE,
    );
    return {
      columns: ['year', 'group_code', 'group_name', 'code', 'issues', 'reports'],
      rows: rows.map((r) => [r.year, r.groupCode, r.groupName, r.code, r.issues, r.reports]),
    };
  },
  async quality(ds, o) {
    const rows = await qualitySummary(ds, filterOf(o));
    return {
      columns: [
        'year',
        'reports',
        'reports_with_issues',
        'reports_with_flagged_tables',
        'carry_over_mismatches',
      ],
      rows: rows.map((r) => [
        r.year,
        r.reports,
        r.reportsWithIssues,
        r.reportsWithFlaggedTables,
        r.carryOverMismatches,
      ]),
    };
  },
  async 'similar-sections'(ds, o) {
    const rows = await sectionSimilarity(ds, filterOf(o), {
      minSimilarity: int(o['min-similarity'], 'min-similarity') ?? 0.9,
      section: int(o.section, 'section'),
      limit: int(o.limit, 'limit') ?? 10000,
    });
    return {
      columns: ['report_id', 'agency_id', 'agency_name', 'year', 'section', 'similarity'],
      rows: rows.map((r) => [r.reportId, r.agencyId, r.agencyName, r.year, r.section, r.similarity]),
    };
  },
  async search(ds, o) {
    if (!o.text) throw new UsageError('search needs --text');
    const rows = await searchSections(ds, o.text, filterOf(o), {
      section: int(o.section, 'section'),
      limit: int(o.limit, 'limit') ?? 10000,
    });
    return {
      columns: ['report_id', 'agency_name', 'year', 'section', 'snippet'],
      rows: rows.map((r) => [r.reportId, r.agencyName, r.year, r.section, r.snippet]),
    };
  },
  async coverage(ds, o) {
    const res = await coverageGaps(ds, filterOf(o), int(o.limit, 'limit') ?? 10000);
    return {
      columns: ['agency_id', 'agency_name', 'division_code', 'missing_years'],
      rows: res.gaps.map((g) => [g.agencyId, g.agencyName, g.divisionCode, g.missingYears.join(' ')]),
    };
  },
};

function ratesTable(rows: Awaited<ReturnType<typeof groupRates>>): Table {
  return {
    columns: [
      'group_code',
      'group_name',
      'reports',
      'processed',
      'grant_rate',
      'grant_or_partial_rate',
      'refusal_rate',
      'not_held_rate',
      'litigation_rate',
    ],
    rows: rows.map((r) => [
      r.groupCode,
      r.groupName,
      r.reports,
      r.processed,
      r.grantRate,
      r.grantOrPartialRate,
      r.refusalRate,
      r.notHeldRate,
      r.litigationRate,
    ]),
  };
}

const FLAGS = [
  'group-by',
  'agency-ids',
  'province',
  'city',
  'county',
  'division-code',
  'level',
  'kind',
  'year-from',
  'year-to',
  'form-version',
  'table',
  'row',
  'group',
  'column',
  'rate',
  'order',
  'limit',
  'min-requests',
  'min-similarity',
  'section',
  'text',
] as const;

export const exportCommand: CliCommand = {
  name: 'export',
  summary: 'Write an analysis as CSV (the same computation as the GraphQL analytics fields)',
  usage: `gongkai export <${Object.keys(ANALYSES).join('|')}> [filters] [options] > out.csv

  filters: --province 湖南省 --city --county --division-code 430000 --agency-ids 1,2
           --level county --kind government --year-from 2020 --year-to 2024 --form-version 2021
  --group-by none|province|city|county|agency
  trend:   --table applications --row REFUSED_STATE_SECRET | --group refused  --column TOTAL
  ranking: --rate grant|grant-or-partial|refusal|not-held|litigation --order top|bottom --limit 10 --min-requests 30
  similar-sections: --min-similarity 0.9 --section 5;  search: --text 信息处理费 --section 6
  coverage needs --year-from and --year-to.`,
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      options: Object.fromEntries(FLAGS.map((f) => [f, { type: 'string' as const }])),
      allowPositionals: true,
      strict: true,
    });
    const name = positionals[0];
    const analysis = name ? ANALYSES[name] : undefined;
    if (!analysis || positionals.length > 1) {
      throw new UsageError(`name one analysis: ${Object.keys(ANALYSES).join(', ')}`);
    }
    const db = await openDatabase(loadConfig(), { log: (m) => console.error(m) });
    try {
      const table = await analysis(db.ds, values as Options);
      process.stdout.write(stringify([table.columns, ...table.rows]));
    } finally {
      await db.close();
    }
    return 0;
  },
};
