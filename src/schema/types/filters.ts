/**
 * The GraphQL filter inputs. One naming rule: a filter is named for what it selects
 * (`AgencyFilter`, `ReportFilter`); other inputs end in `Input`. Region fields are shared by
 * inheritance, and `ReportFilter` is the one input of a report scope (src/db/queries/scope.ts)
 * for `reports` and every analysis alike.
 */
import { Field, ID, InputType, Int } from 'type-graphql';
import { type ReportScope } from '../../db/queries/scope';
import { AgencyKind, AgencyLevel, FormVersion } from '../../domain/codes';
import { parseId } from '../../domain/ids';
import '../enums';

@InputType({ description: 'Where an agency is: names, or a GB/T 2260 code at any level' })
export class RegionFilter {
  @Field(() => String, { nullable: true, description: '省, e.g. 湖南省' })
  province?: string;

  @Field(() => String, { nullable: true, description: '市, e.g. 岳阳市' })
  city?: string;

  @Field(() => String, { nullable: true, description: '县/区, e.g. 岳阳楼区' })
  county?: string;

  @Field(() => String, {
    nullable: true,
    description: 'A 6-digit division code: XX0000 selects a province, XXXX00 a city, else a county',
  })
  divisionCode?: string;
}

@InputType()
export class AgencyFilter extends RegionFilter {
  @Field(() => String, { nullable: true, description: 'Part of the name, e.g. 开发区' })
  nameContains?: string;

  @Field(() => AgencyLevel, { nullable: true })
  level?: AgencyLevel;

  @Field(() => AgencyKind, { nullable: true })
  kind?: AgencyKind;
}

@InputType()
export class ReportFilter extends RegionFilter {
  @Field(() => [ID], { nullable: true, description: 'Only these agencies' })
  agencyIds?: string[];

  @Field(() => Int, { nullable: true, description: 'First year, inclusive' })
  yearFrom?: number;

  @Field(() => Int, { nullable: true, description: 'Last year, inclusive' })
  yearTo?: number;

  @Field(() => FormVersion, { nullable: true })
  formVersion?: FormVersion;

  @Field(() => AgencyLevel, { nullable: true })
  level?: AgencyLevel;

  @Field(() => AgencyKind, { nullable: true })
  kind?: AgencyKind;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'Leave out reports with a table flagged, whole or in part (Report.partialTables, flag issues)',
  })
  excludeFlagged?: boolean;
}

/** A ReportFilter as the report scope (ids checked as every entry point checks them). */
export function toScope(filter: ReportFilter | undefined): ReportScope {
  if (!filter) return {};
  return { ...filter, agencyIds: filter.agencyIds?.map((id) => parseId(id, 'agencyIds')) };
}
