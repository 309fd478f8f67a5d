/**
 * Typed views of the three tables: named fields instead of rows and cells, for frontends.
 * Each view is built from one table's grid (the report_grids read model; one batched load per request).
 */
import { Field, Float, ObjectType } from 'type-graphql';
import { type CellGrid } from '../../db/read-models/report-grids';
import { totalOfParts } from '../../db/read-models/totals';
import { ColumnCode, RowCode } from '../../domain/codes';

@ObjectType({
  simpleResolvers: true,
  description: 'A figure by applicant: 自然人, the five kinds of 法人或其他组织, and 总计',
})
export class ApplicantBreakdown {
  @Field(() => Float, { nullable: true, description: '自然人' }) naturalPerson!: number | null;
  @Field(() => Float, { nullable: true, description: '商业企业' }) commercialEnterprise!: number | null;
  @Field(() => Float, { nullable: true, description: '科研机构' }) researchInstitution!: number | null;
  @Field(() => Float, { nullable: true, description: '社会公益组织' }) socialWelfareOrg!: number | null;
  @Field(() => Float, { nullable: true, description: '法律服务机构' }) legalServiceOrg!: number | null;
  @Field(() => Float, { nullable: true, description: '其他' }) otherOrg!: number | null;
  @Field(() => Float, { nullable: true, description: '总计 as printed' }) total!: number | null;

  static fromRow(grid: CellGrid, code: RowCode): ApplicantBreakdown | null {
    const row = grid[code];
    if (!row) return null;
    return Object.assign(new ApplicantBreakdown(), {
      naturalPerson: row[ColumnCode.NATURAL_PERSON] ?? null,
      commercialEnterprise: row[ColumnCode.COMMERCIAL_ENTERPRISE] ?? null,
      researchInstitution: row[ColumnCode.RESEARCH_INSTITUTION] ?? null,
      socialWelfareOrg: row[ColumnCode.SOCIAL_WELFARE_ORG] ?? null,
      legalServiceOrg: row[ColumnCode.LEGAL_SERVICE_ORG] ?? null,
      otherOrg: row[ColumnCode.OTHER_ORG] ?? null,
      total: row[ColumnCode.TOTAL] ?? null,
    });
  }

  /**
   * Column-wise total of parts (a group total such as 不予公开) by the one rule of
   * src/db/read-models/totals.ts: the known parts summed, null where no part is known.
   */
  static sum(parts: readonly (ApplicantBreakdown | null)[]): ApplicantBreakdown | null {
    const known = parts.filter((p): p is ApplicantBreakdown => p != null);
    if (known.length === 0) return null;
    const out = new ApplicantBreakdown();
    for (const k of APPLICANT_FIELDS) out[k] = totalOfParts(known.map((p) => p[k]));
    return out;
  }
}

const APPLICANT_FIELDS = [
  'naturalPerson',
  'commercialEnterprise',
  'researchInstitution',
  'socialWelfareOrg',
  'legalServiceOrg',
  'otherOrg',
  'total',
] as const;

@ObjectType({
  simpleResolvers: true,
  description: '三(三) 不予公开, by the eight legal reasons; total is the sum of the parts',
})
export class RefusedBreakdown {
  @Field(() => ApplicantBreakdown, { nullable: true, description: '属于国家秘密' })
  stateSecret!: ApplicantBreakdown | null;
  @Field(() => ApplicantBreakdown, { nullable: true, description: '其他法律行政法规禁止公开' })
  lawProhibited!: ApplicantBreakdown | null;
  @Field(() => ApplicantBreakdown, { nullable: true, description: '危及“三安全一稳定”' })
  threeSecurityOneStability!: ApplicantBreakdown | null;
  @Field(() => ApplicantBreakdown, { nullable: true, description: '保护第三方合法权益' })
  thirdPartyRights!: ApplicantBreakdown | null;
  @Field(() => ApplicantBreakdown, { nullable: true, description: '属于三类内部事务信息' })
  internalAffairs!: ApplicantBreakdown | null;
  @Field(() => ApplicantBreakdown, { nullable: true, description: '属于四类过程性信息' })
  processInformation!: ApplicantBreakdown | null;
  @Field(() => ApplicantBreakdown, { nullable: true, description: '属于行政执法案卷' })
  enforcementCaseFile!: ApplicantBreakdown | null;
  @Field(() => ApplicantBreakdown, { nullable: true, description: '属于行政查询事项' })
  administrativeQuery!: ApplicantBreakdown | null;
  @Field(() => ApplicantBreakdown, { nullable: true, description: 'Sum of the eight reasons' })
  total!: ApplicantBreakdown | null;
}

@ObjectType({ simpleResolvers: true, description: '三(四) 无法提供' })
export class UnableToProvideBreakdown {
  @Field(() => ApplicantBreakdown, { nullable: true, description: '本机关不掌握相关政府信息' })
  notHeld!: ApplicantBreakdown | null;
  @Field(() => ApplicantBreakdown, { nullable: true, description: '没有现成信息需要另行制作' })
  needsCreation!: ApplicantBreakdown | null;
  @Field(() => ApplicantBreakdown, { nullable: true, description: '补正后申请内容仍不明确' })
  unclearAfterCorrection!: ApplicantBreakdown | null;
  @Field(() => ApplicantBreakdown, { nullable: true, description: 'Sum of the parts' })
  total!: ApplicantBreakdown | null;
}

@ObjectType({ simpleResolvers: true, description: '三(五) 不予处理' })
export class NotProcessedBreakdown {
  @Field(() => ApplicantBreakdown, { nullable: true, description: '信访举报投诉类申请' })
  petitionOrComplaint!: ApplicantBreakdown | null;
  @Field(() => ApplicantBreakdown, { nullable: true, description: '重复申请' })
  repeated!: ApplicantBreakdown | null;
  @Field(() => ApplicantBreakdown, { nullable: true, description: '要求提供公开出版物' })
  publication!: ApplicantBreakdown | null;
  @Field(() => ApplicantBreakdown, { nullable: true, description: '无正当理由大量反复申请' })
  excessive!: ApplicantBreakdown | null;
  @Field(() => ApplicantBreakdown, { nullable: true, description: '要求行政机关确认或重新出具已获取信息' })
  confirmation!: ApplicantBreakdown | null;
  @Field(() => ApplicantBreakdown, { nullable: true, description: 'Sum of the parts' })
  total!: ApplicantBreakdown | null;
}

@ObjectType({ simpleResolvers: true, description: '三(六) 其他处理; the 2019 form has only the total' })
export class OtherDisposalBreakdown {
  @Field(() => ApplicantBreakdown, { nullable: true, description: '申请人无正当理由逾期不补正' })
  noCorrection!: ApplicantBreakdown | null;
  @Field(() => ApplicantBreakdown, { nullable: true, description: '申请人逾期未按收费通知要求缴纳费用' })
  feeUnpaid!: ApplicantBreakdown | null;
  @Field(() => ApplicantBreakdown, { nullable: true, description: '其他' })
  other!: ApplicantBreakdown | null;
  @Field(() => ApplicantBreakdown, {
    nullable: true,
    description: 'Sum of the parts (2021 form) or the single printed row (2019 form)',
  })
  total!: ApplicantBreakdown | null;
}

@ObjectType({
  simpleResolvers: true,
  description: 'Section 3: requests received and how they were answered, by applicant',
})
export class ApplicationsView {
  @Field(() => ApplicantBreakdown, { nullable: true, description: '一、本年新收' })
  newReceived!: ApplicantBreakdown | null;
  @Field(() => ApplicantBreakdown, { nullable: true, description: '二、上年结转' })
  carriedOver!: ApplicantBreakdown | null;
  @Field(() => ApplicantBreakdown, { nullable: true, description: '三(一) 予以公开' })
  granted!: ApplicantBreakdown | null;
  @Field(() => ApplicantBreakdown, { nullable: true, description: '三(二) 部分公开' })
  partiallyGranted!: ApplicantBreakdown | null;
  @Field(() => RefusedBreakdown) refused!: RefusedBreakdown;
  @Field(() => UnableToProvideBreakdown) unableToProvide!: UnableToProvideBreakdown;
  @Field(() => NotProcessedBreakdown) notProcessed!: NotProcessedBreakdown;
  @Field(() => OtherDisposalBreakdown) otherDisposal!: OtherDisposalBreakdown;
  @Field(() => ApplicantBreakdown, { nullable: true, description: '三(七) 总计 as printed' })
  totalProcessed!: ApplicantBreakdown | null;
  @Field(() => ApplicantBreakdown, { nullable: true, description: '四、结转下年度继续办理' })
  carriedForward!: ApplicantBreakdown | null;

  static fromGrid(grid: CellGrid): ApplicationsView {
    const b = (code: RowCode) => ApplicantBreakdown.fromRow(grid, code);
    const group = <T extends { total: ApplicantBreakdown | null }>(
      cls: new () => T,
      parts: Omit<T, 'total'>,
    ): T => {
      const values = Object.values(parts) as (ApplicantBreakdown | null)[];
      return Object.assign(new cls(), parts, { total: ApplicantBreakdown.sum(values) });
    };
    const otherDisposalParts = {
      noCorrection: b(RowCode.OTHER_DISPOSAL_NO_CORRECTION),
      feeUnpaid: b(RowCode.OTHER_DISPOSAL_FEE_UNPAID),
      other: b(RowCode.OTHER_DISPOSAL_OTHER),
    };
    const otherDisposal2019 = b(RowCode.OTHER_DISPOSAL);
    return Object.assign(new ApplicationsView(), {
      newReceived: b(RowCode.NEW_RECEIVED),
      carriedOver: b(RowCode.CARRIED_OVER),
      granted: b(RowCode.GRANTED),
      partiallyGranted: b(RowCode.PARTIALLY_GRANTED),
      refused: group(RefusedBreakdown, {
        stateSecret: b(RowCode.REFUSED_STATE_SECRET),
        lawProhibited: b(RowCode.REFUSED_LAW_PROHIBITED),
        threeSecurityOneStability: b(RowCode.REFUSED_THREE_SECURITY_ONE_STABILITY),
        thirdPartyRights: b(RowCode.REFUSED_THIRD_PARTY_RIGHTS),
        internalAffairs: b(RowCode.REFUSED_INTERNAL_AFFAIRS),
        processInformation: b(RowCode.REFUSED_PROCESS_INFORMATION),
        enforcementCaseFile: b(RowCode.REFUSED_ENFORCEMENT_CASE_FILE),
        administrativeQuery: b(RowCode.REFUSED_ADMINISTRATIVE_QUERY),
      }),
      unableToProvide: group(UnableToProvideBreakdown, {
        notHeld: b(RowCode.UNABLE_NOT_HELD),
        needsCreation: b(RowCode.UNABLE_NEEDS_CREATION),
        unclearAfterCorrection: b(RowCode.UNABLE_UNCLEAR_AFTER_CORRECTION),
      }),
      notProcessed: group(NotProcessedBreakdown, {
        petitionOrComplaint: b(RowCode.NOT_PROCESSED_PETITION_OR_COMPLAINT),
        repeated: b(RowCode.NOT_PROCESSED_REPEATED),
        publication: b(RowCode.NOT_PROCESSED_PUBLICATION),
        excessive: b(RowCode.NOT_PROCESSED_EXCESSIVE),
        confirmation: b(RowCode.NOT_PROCESSED_CONFIRMATION),
      }),
      otherDisposal: otherDisposal2019
        ? Object.assign(new OtherDisposalBreakdown(), {
            noCorrection: null,
            feeUnpaid: null,
            other: null,
            total: otherDisposal2019,
          })
        : group(OtherDisposalBreakdown, otherDisposalParts),
      totalProcessed: b(RowCode.TOTAL_PROCESSED),
      carriedForward: b(RowCode.CARRIED_FORWARD),
    });
  }
}

@ObjectType({
  simpleResolvers: true,
  description: 'Figures of one 第二十条 item; which columns are filled depends on the form',
})
export class DisclosureFigures {
  @Field(() => Float, { nullable: true, description: '本年制发件数 (2021)' }) issued!: number | null;
  @Field(() => Float, { nullable: true, description: '本年废止件数 (2021)' }) repealed!: number | null;
  @Field(() => Float, { nullable: true, description: '现行有效件数 (2021)' }) inForce!: number | null;
  @Field(() => Float, { nullable: true, description: '(本年)处理决定数量' }) decisions!: number | null;
  @Field(() => Float, { nullable: true, description: '金额 (万元)' }) amount!: number | null;
  @Field(() => Float, { nullable: true, description: '本年新制作数量 (2019)' }) newlyMade!: number | null;
  @Field(() => Float, { nullable: true, description: '本年新公开数量 (2019)' }) newlyPublished!:
    number | null;
  @Field(() => Float, { nullable: true, description: '对外公开总数量 (2019)' }) totalPublished!:
    number | null;
  @Field(() => Float, { nullable: true, description: '上一年项目数量 (2019)' }) previousYearItems!:
    number | null;
  @Field(() => Float, { nullable: true, description: '本年增/减 (2019)' }) itemChange!: number | null;
  @Field(() => Float, { nullable: true, description: '采购项目数量 (2019)' }) projects!: number | null;

  static fromRow(grid: CellGrid, code: RowCode): DisclosureFigures | null {
    const row = grid[code];
    if (!row) return null;
    const v = (c: ColumnCode) => row[c] ?? null;
    return Object.assign(new DisclosureFigures(), {
      issued: v(ColumnCode.ISSUED),
      repealed: v(ColumnCode.REPEALED),
      inForce: v(ColumnCode.IN_FORCE),
      decisions: v(ColumnCode.DECISIONS),
      amount: v(ColumnCode.AMOUNT),
      newlyMade: v(ColumnCode.NEWLY_MADE),
      newlyPublished: v(ColumnCode.NEWLY_PUBLISHED),
      totalPublished: v(ColumnCode.TOTAL_PUBLISHED),
      previousYearItems: v(ColumnCode.PREVIOUS_YEAR_ITEMS),
      itemChange: v(ColumnCode.ITEM_CHANGE),
      projects: v(ColumnCode.PROJECTS),
    });
  }
}

@ObjectType({ simpleResolvers: true, description: 'Section 2: active disclosure (第二十条)' })
export class ActiveDisclosureView {
  @Field(() => DisclosureFigures, { nullable: true, description: '规章' })
  regulations!: DisclosureFigures | null;
  @Field(() => DisclosureFigures, { nullable: true, description: '(行政)规范性文件' })
  normativeDocuments!: DisclosureFigures | null;
  @Field(() => DisclosureFigures, { nullable: true, description: '行政许可' })
  licensing!: DisclosureFigures | null;
  @Field(() => DisclosureFigures, { nullable: true, description: '其他对外管理服务事项 (2019)' })
  otherManagementServices!: DisclosureFigures | null;
  @Field(() => DisclosureFigures, { nullable: true, description: '行政处罚' })
  punishment!: DisclosureFigures | null;
  @Field(() => DisclosureFigures, { nullable: true, description: '行政强制' })
  enforcement!: DisclosureFigures | null;
  @Field(() => DisclosureFigures, { nullable: true, description: '行政事业性收费' })
  fees!: DisclosureFigures | null;
  @Field(() => DisclosureFigures, { nullable: true, description: '政府集中采购 (2019)' })
  procurement!: DisclosureFigures | null;

  static fromGrid(grid: CellGrid): ActiveDisclosureView {
    const f = (code: RowCode) => DisclosureFigures.fromRow(grid, code);
    return Object.assign(new ActiveDisclosureView(), {
      regulations: f(RowCode.REGULATIONS),
      normativeDocuments: f(RowCode.NORMATIVE_DOCUMENTS),
      licensing: f(RowCode.LICENSING),
      otherManagementServices: f(RowCode.OTHER_MANAGEMENT_SERVICES),
      punishment: f(RowCode.PUNISHMENT),
      enforcement: f(RowCode.ENFORCEMENT),
      fees: f(RowCode.FEES),
      procurement: f(RowCode.PROCUREMENT),
    });
  }
}

@ObjectType({ simpleResolvers: true, description: 'Outcomes of one group of cases' })
export class ReviewOutcomes {
  @Field(() => Float, { nullable: true, description: '结果维持' }) upheld!: number | null;
  @Field(() => Float, { nullable: true, description: '结果纠正' }) corrected!: number | null;
  @Field(() => Float, { nullable: true, description: '其他结果' }) other!: number | null;
  @Field(() => Float, { nullable: true, description: '尚未审结' }) pending!: number | null;
  @Field(() => Float, { nullable: true, description: '总计 as printed' }) total!: number | null;

  static fromRow(grid: CellGrid, code: RowCode): ReviewOutcomes | null {
    const row = grid[code];
    if (!row) return null;
    const v = (c: ColumnCode) => row[c] ?? null;
    return Object.assign(new ReviewOutcomes(), {
      upheld: v(ColumnCode.UPHELD),
      corrected: v(ColumnCode.CORRECTED),
      other: v(ColumnCode.OTHER),
      pending: v(ColumnCode.PENDING),
      total: v(ColumnCode.TOTAL),
    });
  }
}

@ObjectType({
  simpleResolvers: true,
  description: 'Section 4: administrative reconsideration and litigation',
})
export class ReviewLitigationView {
  @Field(() => ReviewOutcomes, { nullable: true, description: '行政复议' })
  reconsideration!: ReviewOutcomes | null;
  @Field(() => ReviewOutcomes, { nullable: true, description: '行政诉讼 未经复议直接起诉' })
  litigationDirect!: ReviewOutcomes | null;
  @Field(() => ReviewOutcomes, { nullable: true, description: '行政诉讼 复议后起诉' })
  litigationAfterReconsideration!: ReviewOutcomes | null;

  static fromGrid(grid: CellGrid): ReviewLitigationView {
    return Object.assign(new ReviewLitigationView(), {
      reconsideration: ReviewOutcomes.fromRow(grid, RowCode.RECONSIDERATION),
      litigationDirect: ReviewOutcomes.fromRow(grid, RowCode.LITIGATION_DIRECT),
      litigationAfterReconsideration: ReviewOutcomes.fromRow(grid, RowCode.LITIGATION_AFTER_RECONSIDERATION),
    });
  }
}
