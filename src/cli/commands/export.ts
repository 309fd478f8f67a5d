import { parseArgs } from 'node:util';
import { stringify } from 'csv-stringify/sync';
import { RowGroup } from '../../analytics/cell-trend';
import { type CsvOptions, csvTable, shapeTable } from '../../analytics/csv';
import { WIDE_LAYOUTS } from '../../analytics/csv-layouts';
import { GroupBy } from '../../analytics/groups';
import { Rate } from '../../analytics/rates';
import { type AnalysisArgs, ANALYSES } from '../../analytics/registry';
import { loadConfig } from '../../config';
import { openDatabase, openServingDatabase } from '../../db/bootstrap';
import { type ReportScope } from '../../db/queries/scope';
import { AgencyKind, AgencyLevel, ColumnCode, FormVersion, RowCode, TableCode } from '../../domain/codes';
import { type CliCommand, UsageError } from '../command';

type Options = Record<string, string | undefined>;

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
    excludeFlagged: o['exclude-flagged'] === 'true' || undefined,
  };
}

/** Every flag parsed once; each analysis takes what it needs (src/analytics/registry.ts). */
function argsOf(o: Options): AnalysisArgs {
  return {
    scope: filterOf(o),
    groupBy: oneOf(GroupBy, o['group-by'], 'group-by'),
    table: oneOf(TableCode, o.table, 'table'),
    row: oneOf(RowCode, o.row, 'row'),
    group: oneOf(RowGroup, o.group, 'group'),
    column: oneOf(ColumnCode, o.column, 'column'),
    rate: oneOf(Rate, o.rate, 'rate'),
    order: o.order === undefined ? undefined : o.order === 'bottom' ? 'bottom' : 'top',
    limit: int(o.limit, 'limit'),
    minRequests: int(o['min-requests'], 'min-requests'),
    minSimilarity: int(o['min-similarity'], 'min-similarity'),
    section: int(o.section, 'section'),
    text: o.text,
  };
}

const NAMES = ANALYSES.map((a) => a.name);

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
  'value',
] as const;

/** The layout and formatting options, checked against the analysis (only some have a wide layout). */
function csvOptionsOf(name: string, o: { wide?: boolean; percent?: boolean; value?: string }): CsvOptions {
  const layout = WIDE_LAYOUTS[name];
  if (o.wide && !layout) {
    throw new UsageError(`--wide applies to ${Object.keys(WIDE_LAYOUTS).join(', ')}; ${name} has one layout`);
  }
  const value = o.value?.replace(/-/g, '_');
  if (value !== undefined && (!o.wide || !layout!.values.includes(value))) {
    throw new UsageError(
      o.wide
        ? `--value must be one of ${layout!.values.join(', ')}; got "${o.value}"`
        : '--value goes with --wide (which column fills the wide cells)',
    );
  }
  return { wide: o.wide ? layout : undefined, value, percent: o.percent };
}

export const exportCommand: CliCommand = {
  name: 'export',
  summary: 'Write an analysis as CSV (the same computation as the GraphQL analytics fields)',
  usage: `gongkai export <${NAMES.join('|')}> [filters] [options] > out.csv

  filters: --province 湖南省 --city --county --division-code 430000 --agency-ids 1,2
           --level county --kind government --year-from 2020 --year-to 2024 --form-version 2021
           --exclude-flagged (leave out reports with a flagged table)
  --group-by none|province|city|county|agency
  trend:   --table applications --row REFUSED_STATE_SECRET | --group refused  --column TOTAL
  ranking: --rate grant|grant-or-partial|refusal|not-held|litigation --order top|bottom --limit 10 --min-requests 30
  similar-sections: --min-similarity 0.9 --section 5;  search: --text 信息处理费 --section 6
  coverage needs --year-from and --year-to.

  layout:  --wide: one line per group and year, one column per reason (refused-breakdown; trend:
           one column per year; issue-counts: one per code), --value count|share-of-refusals|…
           picks what fills the cells (default the first)
  format:  --percent: shares and rates as 12.50% instead of 0.125
           --excel: a UTF-8 byte order mark and CRLF line ends, so Excel reads the Chinese text`,
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      options: {
        ...Object.fromEntries(FLAGS.map((f) => [f, { type: 'string' as const }])),
        'exclude-flagged': { type: 'boolean' as const },
        wide: { type: 'boolean' as const },
        percent: { type: 'boolean' as const },
        excel: { type: 'boolean' as const },
      },
      allowPositionals: true,
      strict: true,
    });
    const name = positionals[0];
    const analysis = ANALYSES.find((a) => a.name === name);
    if (!analysis || positionals.length > 1) {
      throw new UsageError(`name one analysis: ${NAMES.join(', ')}`);
    }
    const { wide, percent, excel, ...strings } = values;
    const args = argsOf({
      ...strings,
      'exclude-flagged': values['exclude-flagged'] ? 'true' : undefined,
    } as Options);
    for (const needed of analysis.needs ?? []) {
      if (args[needed] === undefined) throw new UsageError(`${analysis.name} needs --${needed}`);
    }
    const value = (strings as Options).value;
    const options = csvOptionsOf(analysis.name, { wide, percent, value });
    const config = loadConfig();
    const log = (m: string) => console.error(m);
    const db = await openDatabase(config, { log });
    // With GONGKAI_DATABASE_READ_URLS (read-only roles, streaming replicas), the export reads there.
    const serving = config.serving.readUrls.length ? await openServingDatabase(db, config, log) : undefined;
    try {
      const rows = await analysis.run(serving?.pick().analytics ?? db.ds, args);
      const table = shapeTable(csvTable(analysis.csv, rows), options);
      process.stdout.write(
        stringify(
          [[...table.columns], ...table.rows],
          excel ? { bom: true, record_delimiter: 'windows' } : {},
        ),
      );
    } finally {
      await serving?.close();
      await db.close();
    }
    return 0;
  },
};
