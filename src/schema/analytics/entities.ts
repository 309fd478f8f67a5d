/**
 * The analytics subgraph's view of the reports subgraph's entities: only the key, plus the trend
 * fields this subgraph contributes (Federation 2 entities, joined by @key).
 */
import { Directive, Field, ID, ObjectType } from 'type-graphql';

@Directive('@key(fields: "id")')
@ObjectType('Agency', { simpleResolvers: true })
export class AgencyAnalytics {
  @Field(() => ID)
  id!: string;
}

@Directive('@key(fields: "id")')
@ObjectType('Report', { simpleResolvers: true })
export class ReportAnalytics {
  @Field(() => ID)
  id!: string;
}
