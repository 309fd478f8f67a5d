/**
 * The wide layouts of `gongkai export --wide`, by analysis: which columns identify a line, which
 * column's values become columns, and which columns may fill them (`--value`). Analyses without
 * a natural pivot (rates, quality, coverage, section lists) have none.
 */
import { type CsvPivot } from './csv';

export const WIDE_LAYOUTS: Readonly<Record<string, CsvPivot>> = {
  // One line per year and group, one column per refusal reason (its code, e.g. stateSecret).
  'refused-breakdown': {
    keys: ['year', 'group_code', 'group_name', 'reports', 'total_processed', 'refused'],
    by: 'reason',
    values: ['count', 'share_of_refusals', 'share_of_processed'],
  },
  // One line per group, one column per year.
  trend: {
    keys: ['group_code', 'group_name'],
    by: 'year',
    values: ['value', 'change', 'change_rate', 'reports'],
  },
  // One line per year and group, one column per issue code.
  'issue-counts': { keys: ['year', 'group_code', 'group_name'], by: 'code', values: ['issues', 'reports'] },
};
