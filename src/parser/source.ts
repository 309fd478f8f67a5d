/**
 * The text a report is read from, modelled on graphql-js's `Source`: its name and where its lines
 * start, computed once. The tokenizer's lines and every position a ParseError or an issue reports
 * are counted by this one rule (CRLF, CR, LF, a form feed — a PDF page break — and U+2028/U+2029
 * each end a line), so a position always points at the same character.
 */
import { countWork } from './work';

function isBreak(c: number): boolean {
  return c === 0x0a || c === 0x0d || c === 0x0c || c === 0x2028 || c === 0x2029;
}

export class SourceText {
  /** Offset of the first character of each line. */
  readonly lineStarts: readonly number[];

  constructor(
    readonly body: string,
    readonly name?: string,
  ) {
    const starts = [0];
    const n = body.length;
    countWork(n);
    for (let i = 0; i < n; i++) {
      const c = body.charCodeAt(i);
      if (!isBreak(c)) continue;
      if (c === 0x0d && body.charCodeAt(i + 1) === 0x0a) i++;
      starts.push(i + 1);
    }
    this.lineStarts = starts;
  }

  /** The lines, without their line breaks. */
  lines(): string[] {
    const out: string[] = [];
    const starts = this.lineStarts;
    for (let k = 0; k < starts.length; k++) {
      const start = starts[k] as number;
      let end = k + 1 < starts.length ? (starts[k + 1] as number) - 1 : this.body.length;
      // a CRLF break is two characters
      if (
        k + 1 < starts.length &&
        this.body.charCodeAt(end) === 0x0a &&
        this.body.charCodeAt(end - 1) === 0x0d
      )
        end--;
      out.push(this.body.slice(start, end));
    }
    return out;
  }

  /** 1-based line and column (UTF-16 code units) of an offset. */
  position(offset: number): { line: number; column: number } {
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (starts[lo] as number) + 1 };
  }
}
