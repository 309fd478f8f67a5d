/**
 * The report scope (src/db/queries/scope.ts) over the two tables analyses read: the report_facts
 * read model, or reports joined with agencies.
 */
import { type Params } from '../db/params';
import { type ReportScope, scopeConditions, usesNames } from '../db/queries/scope';

/** Over report_facts `f`, which carries the agencies' codes: agencies `a` joined only for names. */
export function factsScope(s: ReportScope, p: Params): { where: string; join: string } {
  const { where } = scopeConditions(s, p, {
    agencyId: 'f.agency_id',
    report: 'f',
    reportId: 'f.report_id',
    agency: 'f',
    names: 'a',
    regionIndex: true,
  });
  return {
    where: ['true', ...where].join(' AND '),
    join: usesNames(s) ? 'JOIN agencies a ON a.id = f.agency_id' : '',
  };
}

/** Over reports `r` joined with their agencies `a`. */
export function reportsScope(s: ReportScope, p: Params): string {
  const { where } = scopeConditions(s, p, {
    agencyId: 'r.agency_id',
    report: 'r',
    reportId: 'r.id',
    agency: 'a',
    names: 'a',
  });
  return ['true', ...where].join(' AND ');
}
