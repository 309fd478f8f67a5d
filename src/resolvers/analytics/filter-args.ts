import { type AnalyticsFilter } from '../../analytics/filter';
import { type AnalyticsFilterInput } from '../../schema/analytics/types';
import { parseId } from '../ids';

/** The GraphQL filter input as the analytics layer's filter (ids checked). */
export function toFilter(input: AnalyticsFilterInput | undefined): AnalyticsFilter {
  if (!input) return {};
  return { ...input, agencyIds: input.agencyIds?.map((id) => parseId(id, 'agencyIds')) };
}
