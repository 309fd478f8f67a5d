import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { AgencyKind, AgencyLevel } from '../domain/codes';
import '../schema/enums';

@Directive('@key(fields: "id")')
@ObjectType({ simpleResolvers: true, description: 'A government body that publishes annual reports' })
@Entity({ name: 'agencies' })
export class Agency {
  @Field(() => ID)
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Field({ description: 'Full name, e.g. 岳阳市岳阳楼区人民政府' })
  @Column({ type: 'text' })
  name!: string;

  @Field(() => String, { nullable: true, description: '省' })
  @Column({ type: 'text', nullable: true })
  province!: string | null;

  @Field(() => String, { nullable: true, description: '市' })
  @Column({ type: 'text', nullable: true })
  city!: string | null;

  @Field(() => String, { nullable: true, description: '县/区' })
  @Column({ type: 'text', nullable: true })
  county!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The most specific GB/T 2260 administrative division code known (6 digits)',
  })
  @Column({ name: 'division_code', type: 'char', length: 6, nullable: true })
  divisionCode!: string | null;

  @Field(() => String, { nullable: true, description: 'Division code of the province (XX0000)' })
  @Column({ name: 'province_code', type: 'char', length: 6, nullable: true, insert: false, update: false })
  provinceCode!: string | null;

  @Field(() => String, { nullable: true, description: 'Division code of the city (XXXX00)' })
  @Column({ name: 'city_code', type: 'char', length: 6, nullable: true, insert: false, update: false })
  cityCode!: string | null;

  @Field(() => AgencyLevel, { nullable: true })
  @Column({ type: 'enum', enum: AgencyLevel, enumName: 'agency_level', nullable: true })
  level!: AgencyLevel | null;

  @Field(() => AgencyKind, { nullable: true })
  @Column({ type: 'enum', enum: AgencyKind, enumName: 'agency_kind', nullable: true })
  kind!: AgencyKind | null;
}
