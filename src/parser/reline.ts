/**
 * One-line text: crawlers that strip every tag leave the whole report on one line, with the table
 * cells joined with no separator at all (`行政规范性文件898989`). Relining writes such a line
 * as the lines a page would have had: a line break before each section heading, and, inside the
 * tables (from the first 第二十条 to the problems section), every digit run on a line of its own,
 * marked glued so that the table reader splits it by the template's shape and identities instead
 * of reading it as one number. Text outside the tables (prose with 共4件 in it) is left alone.
 */
import { compact, toHalfWidth } from './text';

/** A line this long that holds table anchors is one-line text. */
const ONE_LINE_MIN = 400;

/** A section heading: a line break before it, and after its title when the title is whole. */
const SECTION_HEADING =
  /(?:[一二三四五六][、.．,，]|[（(][一二三四五六][)）]|第[一二三四五六]部分[、.．:：]?)\s*(?:总体情况|[^。\d、]{0,12}?(?:主动公开政府信息情况|收到和处理政府信息公开申请情况|行政复议[、和及与]?(?:提起)?行政诉讼情况|存在的主要问题及改进情况|其他需要报告的事项)|主动公开|收到和处理|政府信息公开行政复议|存在的主要问题|其他需要报告)/g;
/** Where the tables begin: section two's caption, or (when section two is missing) the applications table's or the review's. */
const TABLE_START =
  /第二十条|信息内容|\(本列数据|（本列数据|申请人情况|本年新收|行政复议行政诉讼|行政复议\s*行政诉讼/;
const TABLE_END =
  /(?:[五5][、.．]|[（(]五[)）]|第五部分)\s*[^。\d]{0,12}?存在的主要问题|存在的主要问题及改进情况/;

export interface Relined {
  text: string;
  /** 0-based indexes of the lines that are glued digit runs. */
  glued: Set<number>;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** Whether any line of the text is one-line text (long, with two of the three tables' anchors). */
export function needsRelining(lines: readonly string[]): boolean {
  for (const line of lines) {
    if (line.length < ONE_LINE_MIN) continue;
    if (!line.includes('第二十条') && !line.includes('本年新收') && !line.includes('行政复议')) continue;
    const c = compact(line.length > 100_000 ? line.slice(0, 100_000) : line);
    let anchors = 0;
    if (c.includes('第二十条')) anchors++;
    if (c.includes('本年新收') || c.includes('申请人情况')) anchors++;
    if (c.includes('行政复议')) anchors++;
    if (anchors >= 2) return true;
  }
  return false;
}

/**
 * Splits the table zone of a long line into text pieces and digit runs. A digit run directly
 * before `.`/`．`/`、` and a Han character ends in the ordinal of the next label (1–8 in the
 * template): its last digit goes with the label. 增/减/- directly before digits are a sign.
 */
function splitZone(zone: string, out: string[], glued: Set<number>): void {
  const h = toHalfWidth(zone);
  let text = '';
  const flushText = () => {
    const t = text.trim();
    if (t.length > 0) out.push(t);
    text = '';
  };
  let i = 0;
  while (i < h.length) {
    const c = h.charCodeAt(i);
    // prose (a sentence) after the tables: the zone ends where its sentence begins
    if (h[i] === '。') {
      out.push(text + zone.slice(i));
      text = '';
      return;
    }
    // 增/减/- before digits: the sign of a 2019-form 本年增/减 cell, after a label or a number
    const signed =
      (h[i] === '减' || h[i] === '增' || h[i] === '-') &&
      isDigit(h.charCodeAt(i + 1)) &&
      (text.length > 0 || isDigit(h.charCodeAt(i - 1)));
    if (!isDigit(c) && !signed) {
      text += zone[i];
      i++;
      continue;
    }
    let j = signed ? i + 1 : i;
    while (j < h.length && (isDigit(h.charCodeAt(j)) || (h[j] === '.' && isDigit(h.charCodeAt(j + 1))))) j++;
    let end = j;
    const next = h[j];
    // an ordinal: 5.属于… / 3、… — only the last digit, and only before a label
    if ((next === '.' || next === '、') && j + 1 < h.length && !isDigit(h.charCodeAt(j + 1))) {
      end = j - 1;
    }
    // digits that are part of a label or header (第1项, 2024年) stay text
    const after = h[j] ?? '';
    if (end === j && /[年月日项条号]/.test(after)) {
      text += zone.slice(i, j);
      i = j;
      continue;
    }
    if (end > (signed ? i + 1 : i)) {
      flushText();
      glued.add(out.length);
      out.push(h.slice(i, end));
    }
    text += zone.slice(end, j);
    i = j;
  }
  flushText();
}

/**
 * Page chrome crawlers keep around the one line (当前位置：首页 > …, 打印, 文字版, 文件下载, 字体
 * sizes), and the closing date: each on a line of its own, so that the title and the date are
 * read as they would be on a page.
 */
const CHROME =
  /当前位置[:：][^。]{0,80}?(?=[\u4e00-\u9fff]{2,}(?:人民政府|办公室|局|委员会|政府)?\d{4}年)|【?(?:打印本页|关闭窗口|打印|关闭|文字版|文件下载|扫一扫[^\s]{0,12}|分享到[:：]?|字体[:：]?\s*[大中小\s]*)】?/g;
const CLOSING_DATE =
  /(\d{4}年\d{1,2}月\d{1,2}日|[〇零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日)\s*$/;

function splitChrome(line: string): string[] {
  const out: string[] = [];
  let last = 0;
  for (const m of line.matchAll(CHROME)) {
    if (m[0].length === 0) continue;
    if (m.index > last) out.push(line.slice(last, m.index));
    out.push(m[0]);
    last = m.index + m[0].length;
  }
  out.push(line.slice(last));
  // the closing date, where a piece ends with it (before the chrome that follows the report)
  return out
    .flatMap((piece) => {
      const date = CLOSING_DATE.exec(piece);
      return date && date.index > 0 ? [piece.slice(0, date.index), date[1] as string] : [piece];
    })
    .filter((l) => l.trim().length > 0);
}

export function reline(lines: readonly string[]): Relined {
  const out: string[] = [];
  const glued = new Set<number>();
  for (const line of lines) {
    if (line.length < ONE_LINE_MIN || !needsRelining([line])) {
      out.push(line);
      continue;
    }
    // section headings start lines; chrome and the closing date stand apart
    const parts: string[] = [];
    for (const piece of splitChrome(line)) {
      let last = 0;
      for (const m of piece.matchAll(SECTION_HEADING)) {
        if (m.index > last) parts.push(piece.slice(last, m.index));
        parts.push(m[0]);
        last = m.index + m[0].length;
      }
      parts.push(piece.slice(last));
    }
    let inTables = false;
    for (const part of parts) {
      if (!inTables) {
        const start = TABLE_START.exec(part);
        if (!start) {
          out.push(part);
          continue;
        }
        if (start.index > 0) out.push(part.slice(0, start.index));
        inTables = true;
        const rest = part.slice(start.index);
        const endAt = TABLE_END.exec(rest);
        if (endAt) {
          splitZone(rest.slice(0, endAt.index), out, glued);
          out.push(rest.slice(endAt.index));
          inTables = false;
        } else splitZone(rest, out, glued);
        continue;
      }
      const endAt = TABLE_END.exec(part);
      if (endAt) {
        splitZone(part.slice(0, endAt.index), out, glued);
        out.push(part.slice(endAt.index));
        inTables = false;
      } else splitZone(part, out, glued);
    }
  }
  return { text: out.join('\n'), glued };
}
