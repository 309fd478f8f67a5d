/**
 * The numbers of one agency's reports, year after year. Identities 1–4 hold by construction
 * (outcome rows are a split of what was processed, totals are sums), and identity 5 holds because
 * each year starts from the state the previous year left: 上年结转 is last year's 结转下年度.
 */
import {
  ACTIVE_DISCLOSURE_LAYOUT,
  AgencyKind,
  AgencyLevel,
  APPLICATION_ROWS,
  ColumnCode,
  FormVersion,
  REVIEW_ROWS,
  RowCode,
} from '../domain/codes';
import type { Agency } from './agencies';
import type { Rng } from './prng';

/** The six applicant columns (total excluded), in printed order. */
export const APPLICANT_COUNT = 6;

export interface ActiveRow {
  row: RowCode;
  columns: readonly ColumnCode[];
  values: number[];
}

export interface ReportValues {
  form: FormVersion;
  activeDisclosure: ActiveRow[];
  /** Row code → 7 values (six applicant columns, then the total), rows in the form's order. */
  applications: Map<RowCode, number[]>;
  /** Review group → upheld, corrected, other, pending, total. */
  review: Map<RowCode, number[]>;
}

/** What a year leaves to the next. */
export interface AgencyState {
  carriedForward: number[] | null;
  regulationsInForce: number;
  documentsInForce: number;
  /** 2019 form: item counts per active-disclosure row (上一年项目数量 of the next year). */
  items: Map<RowCode, number>;
}

export function initialState(agency: Agency, rng: Rng): AgencyState {
  const gov = agency.kind === AgencyKind.GOVERNMENT;
  const items = new Map<RowCode, number>();
  for (const row of [
    RowCode.LICENSING,
    RowCode.OTHER_MANAGEMENT_SERVICES,
    RowCode.PUNISHMENT,
    RowCode.ENFORCEMENT,
    RowCode.FEES,
  ]) {
    items.set(row, rng.poisson(Math.min(400, agency.size * (row === RowCode.FEES ? 0.3 : 2))));
  }
  return {
    carriedForward: null,
    regulationsInForce: makesRegulations(agency) ? rng.poisson(gov ? 60 : 0) : 0,
    documentsInForce: rng.poisson(Math.min(300, 5 + agency.size)),
    items,
  };
}

/** Only provincial and city governments make 规章. */
function makesRegulations(agency: Agency): boolean {
  return (
    agency.kind === AgencyKind.GOVERNMENT &&
    (agency.level === AgencyLevel.PROVINCE || agency.level === AgencyLevel.CITY)
  );
}

/** Who applies: overwhelmingly natural persons, then businesses. */
const APPLICANT_SHARES = [0.82, 0.1, 0.005, 0.01, 0.03, 0.035];

/** The eight refusal reasons (三(三) 1–8): process information and third parties dominate. */
const REFUSAL_SHARES = [0.03, 0.07, 0.05, 0.15, 0.12, 0.28, 0.1, 0.2];

/** Outcome rows between 部分公开 and 总计, with their share of requests processed. */
function outcomeShares(form: FormVersion, agencyTilt: readonly number[]): Map<RowCode, number> {
  const shares = new Map<RowCode, number>();
  shares.set(RowCode.GRANTED, 0.42);
  shares.set(RowCode.PARTIALLY_GRANTED, 0.12);
  const refusedRows = APPLICATION_ROWS[form].filter((r) => r.startsWith('refused.'));
  refusedRows.forEach((r, i) => shares.set(r, 0.07 * (REFUSAL_SHARES[i] as number)));
  shares.set(RowCode.UNABLE_NOT_HELD, 0.18);
  shares.set(RowCode.UNABLE_NEEDS_CREATION, 0.04);
  shares.set(RowCode.UNABLE_UNCLEAR_AFTER_CORRECTION, 0.02);
  shares.set(RowCode.NOT_PROCESSED_PETITION_OR_COMPLAINT, 0.03);
  shares.set(RowCode.NOT_PROCESSED_REPEATED, 0.02);
  shares.set(RowCode.NOT_PROCESSED_PUBLICATION, 0.005);
  shares.set(RowCode.NOT_PROCESSED_EXCESSIVE, 0.01);
  shares.set(RowCode.NOT_PROCESSED_CONFIRMATION, 0.005);
  if (form === FormVersion.V2019) shares.set(RowCode.OTHER_DISPOSAL, 0.062);
  else {
    shares.set(RowCode.OTHER_DISPOSAL_NO_CORRECTION, 0.04);
    shares.set(RowCode.OTHER_DISPOSAL_FEE_UNPAID, 0.002);
    shares.set(RowCode.OTHER_DISPOSAL_OTHER, 0.02);
  }
  // each agency leans its own way (some refuse more, some hold less)
  let i = 0;
  for (const [row, s] of shares) shares.set(row, s * (agencyTilt[i++ % agencyTilt.length] as number));
  return shares;
}

/** Per-agency tilt of the outcome shares, drawn once. */
export function agencyTilt(rng: Rng): number[] {
  return Array.from({ length: 24 }, () => rng.logNormal(0.35));
}

function sum(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s;
}

/** Activity grew after the 2019 reform and levelled off. */
function yearFactor(year: number): number {
  return Math.min(1.45, 1 + 0.07 * Math.max(0, year - 2019));
}

export interface YearInput {
  agency: Agency;
  year: number;
  form: FormVersion;
  state: AgencyState;
  tilt: readonly number[];
  /** A broken carry-over: added to 上年结转 of one applicant column (a fault; see ./faults). */
  carryOverShift?: { column: number; delta: number };
}

export function generateYear(rng: Rng, input: YearInput): { values: ReportValues; next: AgencyState } {
  const { agency, year, form, state } = input;
  const mean = agency.size * yearFactor(year) * rng.logNormal(0.35);

  // --- applications
  const newReceived = rng.multinomial(rng.poisson(mean), APPLICANT_SHARES);
  const carriedOver = state.carriedForward
    ? [...state.carriedForward]
    : rng.multinomial(rng.poisson(mean * 0.04), APPLICANT_SHARES);
  if (input.carryOverShift) {
    const c = input.carryOverShift.column;
    carriedOver[c] = (carriedOver[c] as number) + input.carryOverShift.delta;
  }
  const pending = 0.02 + rng.next() * 0.1;
  const carriedForward: number[] = [];
  const processed: number[] = [];
  for (let c = 0; c < APPLICANT_COUNT; c++) {
    const available = (newReceived[c] as number) + (carriedOver[c] as number);
    const cf = rng.binomial(available, pending);
    carriedForward.push(cf);
    processed.push(available - cf);
  }
  const shares = outcomeShares(form, input.tilt);
  const outcomeRows = [...shares.keys()];
  const probabilities = [...shares.values()];
  const byRow = new Map<RowCode, number[]>(outcomeRows.map((r) => [r, []]));
  for (let c = 0; c < APPLICANT_COUNT; c++) {
    const split = rng.multinomial(processed[c] as number, probabilities);
    outcomeRows.forEach((r, i) => (byRow.get(r) as number[]).push(split[i] as number));
  }
  const withTotal = (xs: number[]) => [...xs, sum(xs)];
  const applications = new Map<RowCode, number[]>();
  for (const row of APPLICATION_ROWS[form]) {
    if (row === RowCode.NEW_RECEIVED) applications.set(row, withTotal(newReceived));
    else if (row === RowCode.CARRIED_OVER) applications.set(row, withTotal(carriedOver));
    else if (row === RowCode.TOTAL_PROCESSED) applications.set(row, withTotal(processed));
    else if (row === RowCode.CARRIED_FORWARD) applications.set(row, withTotal(carriedForward));
    else applications.set(row, withTotal(byRow.get(row) as number[]));
  }

  // --- review and litigation: a small fraction of requests come back as cases
  const handled = sum(processed);
  const reviewMeans = [handled * 0.02 + 0.05, handled * 0.008 + 0.02, 0];
  const review = new Map<RowCode, number[]>();
  REVIEW_ROWS.forEach((row, g) => {
    const m = g === 2 ? (review.get(RowCode.RECONSIDERATION)?.[4] ?? 0) * 0.2 : (reviewMeans[g] as number);
    const parts = rng.multinomial(rng.poisson(m), [0.6, 0.1, 0.15, 0.15]);
    review.set(row, withTotal(parts));
  });

  // --- active disclosure
  const next: AgencyState = {
    carriedForward,
    regulationsInForce: state.regulationsInForce,
    documentsInForce: state.documentsInForce,
    items: new Map(state.items),
  };
  const activeDisclosure = activeValues(rng, agency, form, state, next);
  return { values: { form, activeDisclosure, applications, review }, next };
}

/** 万元 with up to four decimals, as printed (46.6847); kept exact through a decimal string. */
function money(rng: Rng, median: number): number {
  if (median <= 0) return 0;
  const tenThousandths = Math.round(median * rng.logNormal(1.2) * 10000);
  const digits = rng.pick([0, 0, 1, 2, 4]);
  const unit = 10 ** (4 - digits);
  return Number((Math.round(tenThousandths / unit) / 10 ** digits).toFixed(digits));
}

function activeValues(
  rng: Rng,
  agency: Agency,
  form: FormVersion,
  state: AgencyState,
  next: AgencyState,
): ActiveRow[] {
  const s = agency.size;
  const regs = makesRegulations(agency);
  const regIssued = regs ? rng.poisson(agency.level === AgencyLevel.PROVINCE ? 5 : 1.5) : 0;
  const regRepealed = Math.min(state.regulationsInForce + regIssued, regs ? rng.poisson(0.8) : 0);
  next.regulationsInForce = state.regulationsInForce + regIssued - regRepealed;
  const docIssued = rng.poisson(Math.min(60, 0.5 + s * 0.15));
  const docRepealed = Math.min(state.documentsInForce + docIssued, rng.poisson(Math.min(30, 0.3 + s * 0.05)));
  next.documentsInForce = state.documentsInForce + docIssued - docRepealed;
  const decisions = (median: number) => Math.round(median * rng.logNormal(1));
  const licensing = decisions(s * 120);
  const punishment = decisions(s * 8);
  const enforcement = rng.chance(0.6) ? 0 : decisions(s * 0.5);
  const fees = rng.chance(0.45) ? 0 : money(rng, s * 2);

  const out: ActiveRow[] = [];
  for (const spec of ACTIVE_DISCLOSURE_LAYOUT[form]) {
    let values: number[];
    if (form === FormVersion.V2021) {
      switch (spec.row) {
        case RowCode.REGULATIONS:
          values = [regIssued, regRepealed, next.regulationsInForce];
          break;
        case RowCode.NORMATIVE_DOCUMENTS:
          values = [docIssued, docRepealed, next.documentsInForce];
          break;
        case RowCode.LICENSING:
          values = [licensing];
          break;
        case RowCode.PUNISHMENT:
          values = [punishment];
          break;
        case RowCode.ENFORCEMENT:
          values = [enforcement];
          break;
        default:
          values = [fees];
      }
    } else {
      const itemRow = (row: RowCode, withDecisions: number | null) => {
        const prev = state.items.get(row) ?? 0;
        const change = rng.chance(0.5) ? 0 : rng.int(-Math.min(prev, 8), 8);
        next.items.set(row, prev + change);
        return withDecisions === null ? [prev, change] : [prev, change, withDecisions];
      };
      switch (spec.row) {
        case RowCode.REGULATIONS:
          values = [regIssued, regIssued, next.regulationsInForce];
          break;
        case RowCode.NORMATIVE_DOCUMENTS:
          values = [docIssued, docIssued, next.documentsInForce];
          break;
        case RowCode.LICENSING:
          values = itemRow(spec.row, licensing);
          break;
        case RowCode.OTHER_MANAGEMENT_SERVICES:
          values = itemRow(spec.row, rng.chance(0.5) ? 0 : decisions(s * 5));
          break;
        case RowCode.PUNISHMENT:
          values = itemRow(spec.row, punishment);
          break;
        case RowCode.ENFORCEMENT:
          values = itemRow(spec.row, enforcement);
          break;
        case RowCode.FEES:
          values = itemRow(spec.row, null);
          break;
        default:
          values = [rng.poisson(Math.min(200, s * 0.5)), money(rng, s * 20)];
      }
    }
    out.push({ row: spec.row, columns: spec.columns, values });
  }
  return out;
}
