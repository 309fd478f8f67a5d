/**
 * Glued digit runs of one-line text (`行政规范性文件898989`, a review row `21317000001324019`),
 * split the way the reader contract says (docs/synth.md, "What a correct reading gives"): a row's
 * digits into exactly as many numbers as it has columns, no number with a leading zero unless it
 * is `0`, a decimal point inside its number. Written here, apart from the parser's splitter, so
 * that the truth checks the reader rather than echoes it.
 */

/** One glued stretch of digits as printed, with the sign printed before it (`减3`, `-3`). */
export interface Piece {
  digits: string;
  sign: 1 | -1;
}

/** Most candidates kept; beyond it the list is cut short and marked truncated. */
export const CANDIDATE_CAP = 4096;

const NUMBER = /^(?:0|[1-9][0-9]*)(?:\.[0-9]+)?$/;

/**
 * The pieces of a row from its printed cells, glued: a cell printed with a sign (`减3`, `-3`,
 * `增3`) starts a new piece, since the sign separates it from the digits before.
 */
export function piecesOf(cells: readonly string[]): Piece[] {
  const out: Piece[] = [];
  for (const text of cells) {
    const m = /^(减|增|-)?([0-9.]+)$/.exec(text);
    if (!m) throw new Error(`not a glued cell: ${JSON.stringify(text)}`);
    const digits = m[2] as string;
    const last = out[out.length - 1];
    if (m[1] !== undefined || !last) out.push({ digits, sign: m[1] === '减' || m[1] === '-' ? -1 : 1 });
    else last.digits += digits;
  }
  return out;
}

export interface Splits {
  candidates: number[][];
  /** More than CANDIDATE_CAP readings: the list holds the first CANDIDATE_CAP. */
  truncated: boolean;
}

/**
 * Every reading of `pieces` as `cells` numbers that `accept` keeps. `prune(prefix)` may reject a
 * partial reading early (a review group whose total is already wrong); it only saves work.
 */
export function splitPieces(
  pieces: readonly Piece[],
  cells: number,
  accept: (values: readonly number[]) => boolean = () => true,
  prune: (prefix: readonly number[]) => boolean = () => false,
): Splits {
  const candidates: number[][] = [];
  let truncated = false;
  const values: number[] = [];
  const walk = (p: number, offset: number): void => {
    if (truncated) return;
    const piece = pieces[p];
    if (!piece) {
      if (values.length === cells && accept(values)) {
        if (candidates.length === CANDIDATE_CAP) truncated = true;
        else candidates.push([...values]);
      }
      return;
    }
    if (offset === piece.digits.length) return walk(p + 1, 0);
    // every piece left needs a number of its own
    if (values.length + (pieces.length - p) > cells) return;
    for (let end = offset + 1; end <= piece.digits.length; end++) {
      const text = piece.digits.slice(offset, end);
      if (!NUMBER.test(text)) continue;
      values.push((offset === 0 ? piece.sign : 1) * Number(text) + 0);
      if (!prune(values)) walk(p, end);
      values.pop();
      if (truncated) return;
    }
  };
  walk(0, 0);
  return { candidates, truncated };
}

const near = (a: number, b: number) => Math.abs(a - b) < 1e-6;

/** Whether values[from..to-1]'s last is the sum of the ones before it (identities 1 and 4). */
export function lastIsSum(values: readonly number[], from: number, to: number): boolean {
  let s = 0;
  for (let i = from; i < to - 1; i++) s += values[i] as number;
  return near(s, values[to - 1] as number);
}

/** An applications row (7 cells): identity 1 filters; with none left, every split stays. */
export function splitApplicationRow(pieces: readonly Piece[]): Splits {
  const kept = splitPieces(pieces, 7, (v) => lastIsSum(v, 0, 7));
  return kept.candidates.length > 0 ? kept : splitPieces(pieces, 7);
}

/** The review row of fifteen: each group's total is its four parts; with none left, every split stays. */
export function splitReviewRow(pieces: readonly Piece[]): Splits {
  const groupBroken = (v: readonly number[]) => v.length % 5 === 0 && !lastIsSum(v, v.length - 5, v.length);
  const kept = splitPieces(pieces, 15, () => true, groupBroken);
  return kept.candidates.length > 0 ? kept : splitPieces(pieces, 15);
}
