/**
 * GraphQL types of the analytics subgraph: inputs, enums and result rows. Each row class
 * implements its analysis' row type (src/analytics), so the two cannot drift apart.
 */
import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GroupBy } from '../../analytics/groups';
import { RowGroup, type TrendPoint as TrendPointShape } from '../../analytics/cell-trend';
import {
  type Coverage as CoverageShape,
  type CoverageGap as CoverageGapShape,
  type IssueCount as IssueCountShape,
  type QualitySummary as QualitySummaryShape,
} from '../../analytics/quality';
import { type GroupRates as GroupRatesShape, Rate, type RateFigures } from '../../analytics/rates';
import {
  type ReasonFigure as ReasonFigureShape,
  type RefusedBreakdownRow as RefusedBreakdownRowShape,
} from '../../analytics/refused-breakdown';
import { type SectionMatch as SectionMatchShape } from '../../analytics/section-search';
import { type SectionSimilarity as SectionSimilarityShape } from '../../analytics/section-similarity';
import { ColumnCode, IssueCode, RefusalReason, RowCode, TableCode } from '../../domain/codes';
import '../enums';

// The enums the analyses define, exported with the types they are registered beside: an
// analysis' field names its types from this module (src/resolvers/analytics).
export { GroupBy, Rate, RowGroup };

registerEnumType(GroupBy, {
  name: 'GroupBy',
  description: 'Grouping besides the year; regions follow the GB/T 2260 code hierarchy',
  valuesConfig: {
    NONE: { description: 'All reports together' },
    PROVINCE: { description: 'By province (XX0000)' },
    CITY: { description: 'By city (XXXX00); province-level agencies under their province' },
    COUNTY: { description: 'By the most specific division code of the agency' },
    AGENCY: { description: 'By agency' },
  },
});
registerEnumType(RowGroup, {
  name: 'RowGroup',
  description: 'Applications rows summed as one figure',
  valuesConfig: {
    REFUSED: { description: '三(三) 不予公开, all eight reasons' },
    UNABLE_TO_PROVIDE: { description: '三(四) 无法提供, all parts' },
    NOT_PROCESSED: { description: '三(五) 不予处理, all parts' },
    OTHER_DISPOSAL: { description: '三(六) 其他处理 (the 2019 single row or the 2021 parts)' },
  },
});
registerEnumType(Rate, {
  name: 'Rate',
  description: 'Shares of requests processed (三(七) 总计)',
  valuesConfig: {
    GRANT: { description: '予以公开 / 总计' },
    GRANT_OR_PARTIAL: { description: '(予以公开 + 部分公开) / 总计' },
    REFUSAL: { description: 'Σ 不予公开 / 总计' },
    NOT_HELD: { description: '本机关不掌握相关政府信息 / 总计' },
    LITIGATION: { description: '(行政复议 + 行政诉讼) / 总计' },
  },
});

export enum RankOrder {
  TOP = 'top',
  BOTTOM = 'bottom',
}
registerEnumType(RankOrder, { name: 'RankOrder' });

@InputType({ description: 'A figure: one row (or a group of applications rows) in one column' })
export class MeasureInput {
  @Field(() => TableCode) table!: TableCode;
  @Field(() => RowCode, { nullable: true, description: 'One row…' }) row?: RowCode;
  @Field(() => RowGroup, { nullable: true, description: '…or a group of applications rows' })
  group?: RowGroup;
  @Field(() => ColumnCode, { description: 'e.g. TOTAL, NATURAL_PERSON, DECISIONS' }) column!: ColumnCode;
}

@ObjectType({ simpleResolvers: true })
export class ReasonFigure implements ReasonFigureShape {
  @Field(() => RefusalReason) reason!: RefusalReason;
  @Field({ description: 'The reason’s Chinese label' }) label!: string;
  @Field(() => Float, { nullable: true, description: 'Requests refused for this reason' }) count!:
    number | null;
  @Field(() => Float, { nullable: true, description: 'count / all refusals' }) shareOfRefusals!:
    number | null;
  @Field(() => Float, { nullable: true, description: 'count / all requests processed (总计)' })
  shareOfProcessed!: number | null;
}

@ObjectType({
  simpleResolvers: true,
  description: 'One year (and group) of the refused-disclosure breakdown',
})
export class RefusedBreakdownRow implements RefusedBreakdownRowShape {
  @Field(() => Int) year!: number;
  @Field({ description: 'Division code, agency id, or empty for NONE' }) groupCode!: string;
  @Field() groupName!: string;
  @Field(() => Int) reports!: number;
  @Field(() => Float, { nullable: true, description: 'Σ 三(七) 总计' }) totalProcessed!: number | null;
  @Field(() => Float, { nullable: true, description: 'Σ 不予公开' }) refused!: number | null;
  @Field(() => [ReasonFigure]) reasons!: ReasonFigure[];
}

@ObjectType({ simpleResolvers: true })
export class TrendPoint implements TrendPointShape {
  @Field(() => Int) year!: number;
  @Field() groupCode!: string;
  @Field() groupName!: string;
  @Field(() => Int, { description: 'Reports contributing a value' }) reports!: number;
  @Field(() => Float, { nullable: true }) value!: number | null;
  @Field(() => Float, { nullable: true, description: 'Change from the previous year (same group)' })
  change!: number | null;
  @Field(() => Float, { nullable: true, description: 'change / previous year’s value' }) changeRate!:
    number | null;
}

@ObjectType({ simpleResolvers: true })
export class GroupRates implements GroupRatesShape {
  @Field() groupCode!: string;
  @Field() groupName!: string;
  @Field(() => Int) reports!: number;
  @Field(() => Float, { nullable: true, description: 'Σ 三(七) 总计' }) processed!: number | null;
  @Field(() => Float, { nullable: true }) grantRate!: number | null;
  @Field(() => Float, { nullable: true }) grantOrPartialRate!: number | null;
  @Field(() => Float, { nullable: true }) refusalRate!: number | null;
  @Field(() => Float, { nullable: true }) notHeldRate!: number | null;
  @Field(() => Float, { nullable: true }) litigationRate!: number | null;
}

@ObjectType({ simpleResolvers: true })
export class IssueCount implements IssueCountShape {
  @Field(() => Int) year!: number;
  @Field() groupCode!: string;
  @Field() groupName!: string;
  @Field(() => IssueCode) code!: IssueCode;
  @Field(() => Int) issues!: number;
  @Field(() => Int, { description: 'Reports with at least one' }) reports!: number;
}

@ObjectType({ simpleResolvers: true })
export class QualitySummary implements QualitySummaryShape {
  @Field(() => Int) year!: number;
  @Field(() => Int) reports!: number;
  @Field(() => Int) reportsWithIssues!: number;
  @Field(() => Int, {
    description:
      'Reports with a table flagged whole or in part (a row that could not be read: Section.partial)',
  })
  reportsWithFlaggedTables!: number;
  @Field(() => Int, { description: 'Reports whose 上年结转 disagrees with last year’s 结转下年度' })
  carryOverMismatches!: number;
}

@ObjectType({ simpleResolvers: true })
export class CoverageGap implements CoverageGapShape {
  @Field(() => ID) agencyId!: number;
  @Field() agencyName!: string;
  @Field(() => String, { nullable: true }) divisionCode!: string | null;
  @Field(() => [Int]) missingYears!: number[];
}

@ObjectType({ simpleResolvers: true })
export class Coverage implements CoverageShape {
  @Field(() => Int, { description: 'Agencies with at least one missing year' }) total!: number;
  @Field(() => [CoverageGap]) gaps!: CoverageGap[];
}

@ObjectType({ simpleResolvers: true, description: 'Shares of the report’s requests processed' })
export class ReportRates implements RateFigures {
  @Field(() => Float, { nullable: true }) processed!: number | null;
  @Field(() => Float, { nullable: true }) grantRate!: number | null;
  @Field(() => Float, { nullable: true }) grantOrPartialRate!: number | null;
  @Field(() => Float, { nullable: true }) refusalRate!: number | null;
  @Field(() => Float, { nullable: true }) notHeldRate!: number | null;
  @Field(() => Float, { nullable: true }) litigationRate!: number | null;
}

@ObjectType({
  simpleResolvers: true,
  description: 'A section nearly the same as the agency’s previous year (copy-paste?)',
})
export class SectionSimilarity implements SectionSimilarityShape {
  @Field(() => ID) reportId!: number;
  @Field(() => ID) agencyId!: number;
  @Field() agencyName!: string;
  @Field(() => Int) year!: number;
  @Field(() => Int) section!: number;
  @Field(() => Float, { description: '0–1 trigram similarity with the previous year’s section' })
  similarity!: number;
}

@ObjectType({ simpleResolvers: true })
export class SectionMatch implements SectionMatchShape {
  @Field(() => ID) reportId!: number;
  @Field() agencyName!: string;
  @Field(() => Int) year!: number;
  @Field(() => Int) section!: number;
  @Field({ description: 'Text around the first match' }) snippet!: string;
}
