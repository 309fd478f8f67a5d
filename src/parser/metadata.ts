/**
 * Report metadata read from the text: the year reported on, the agency's name as printed, the
 * title and the publication date. The report's own title (`<机关><年>年政府信息公开工作年度报告`)
 * is the best source; a title quoted inside 《》 is another document (a notice about reports) and
 * gives at most the year.
 */
import type { SourceLine } from './tokens';
import { compact, isHan, trimSpaces } from './text';

export interface Metadata {
  year: number | null;
  /** Where the year was read, for a ParseError's position when it is missing. */
  agency: string | null;
  title: string | null;
  publishedAt: string | null;
}

/** Lines searched for the title and the opening sentence, and lines searched at the end for a date. */
const HEAD_LINES = 60;
const TAIL_LINES = 8;
const MIN_YEAR = 2008;
const MAX_YEAR = 2099;

/** Tails of a report title after the year. */
const TITLE_TAILS = [
  '政府信息公开工作年度报告',
  '政府信息公开年度工作报告',
  '政府信息公开年度报告',
  '政务公开工作年度报告',
  '信息公开工作年度报告',
  '信息公开年度报告',
];
/** Verbs and prepositions that precede an agency name in the sentence citing the title. */
const NAME_PREFIXES = [
  '现向社会公布',
  '向社会公布',
  '现将',
  '现予公布',
  '公布',
  '发布',
  '关于',
  '编制',
  '做好',
  '根据',
  '按照',
  // Not a bare 特: it starts real names (特克斯县); only the set phrases 特此/特将/特向/特予.
  '特此',
  '特将',
  '特向',
  '特予',
];
const NAME_STOP = new Set('《》“”"\'‘’,，。、:：;；()（）[]【】<>〈〉!！?？·—-'.split(''));

interface TitleHit {
  year: number;
  name: string | null;
  quoted: boolean;
  lineIndex: number;
  /** The line (or two joined lines) holding the title. */
  text: string;
  /** The line is nothing but the title. */
  standalone: boolean;
}

function yearBefore(s: string, at: number): { year: number; start: number } | null {
  // at: index just after the 年 / 年度 of "<digits>年"
  let end = at;
  if (s[end - 1] === '度') end--;
  if (s[end - 1] !== '年') return null;
  end--;
  const start = end - 4;
  if (start < 0) return null;
  const digits = s.slice(start, end);
  if (!/^\d{4}$/.test(digits)) return null;
  if (start > 0 && /\d/.test(s[start - 1] as string)) return null;
  const year = Number(digits);
  return year >= MIN_YEAR && year <= MAX_YEAR ? { year, start } : null;
}

function nameBefore(s: string, end: number): string | null {
  let start = end;
  while (start > 0 && end - start < 40) {
    const ch = s[start - 1] as string;
    if (NAME_STOP.has(ch) || /\d/.test(ch)) break;
    start--;
  }
  let name = s.slice(start, end);
  for (const p of NAME_PREFIXES) {
    const k = name.lastIndexOf(p);
    if (k >= 0) name = name.slice(k + p.length);
  }
  if (name.length < 2 || name.length > 30) return null;
  for (let i = 0; i < name.length; i++) if (!isHan(name.charCodeAt(i))) return null;
  return name;
}

/** The first lines, compacted once (and capped: an opening sentence is not megabytes long). */
function headOf(lines: readonly SourceLine[]): string[] {
  return lines.slice(0, HEAD_LINES).map((l) => {
    const t = l.text.length > 8000 ? l.text.slice(0, 8000) : l.text;
    // only lines that can hold a title, an opening "YYYY年，", a period end or a date label
    const useful =
      t.length < 60 ||
      t.includes('报告') ||
      t.includes('年,') ||
      t.includes('年，') ||
      t.includes('31') ||
      t.includes('日期') ||
      t.includes('时间');
    return useful ? compact(t) : '';
  });
}

function findTitles(lines: readonly SourceLine[], head: readonly string[]): TitleHit[] {
  const hits: TitleHit[] = [];
  const n = head.length;
  for (let i = 0; i < n; i++) {
    const raw = (lines[i] as SourceLine).text;
    if (raw.length > 2000) continue;
    let text = raw;
    let s = head[i] as string;
    if (!s.includes('报告') && !(s.length < 40 && s.includes('年'))) continue;
    // a title broken over two lines (`绥中县 2024 年政府信息公开` / `工作年度报告`)
    if (s.length > 0 && s.length < 40 && /\d{4}年/.test(s) && !TITLE_TAILS.some((t) => s.includes(t))) {
      for (let j = i + 1; j < Math.min(lines.length, i + 3); j++) {
        const next = head[j] ?? '';
        if (next.length === 0) continue;
        if (next.length < 20 && TITLE_TAILS.some((t) => (s + next).includes(t))) {
          s += next;
          text = `${trimSpaces(raw)}${trimSpaces((lines[j] as SourceLine).text)}`;
        }
        break;
      }
    }
    for (const tail of TITLE_TAILS) {
      let from = 0;
      for (;;) {
        const k = s.indexOf(tail, from);
        if (k < 0) break;
        from = k + tail.length;
        const y = yearBefore(s, k);
        if (!y) continue;
        const prefix = s.slice(0, y.start);
        const quoted = count(prefix, '《') > count(prefix, '》');
        const name = nameBefore(s, y.start);
        hits.push({
          year: y.year,
          name,
          quoted,
          lineIndex: i,
          text: trimSpaces(text),
          standalone: s.length <= from + 2 && y.start - (name?.length ?? 0) <= 1,
        });
      }
      if (hits.length > 0 && hits[hits.length - 1]?.lineIndex === i) break;
    }
  }
  return hits;
}

function count(s: string, ch: string): number {
  let c = 0;
  for (let i = 0; i < s.length; i++) if (s[i] === ch) c++;
  return c;
}

/** Administrative suffixes an agency name ends with. */
const AGENCY_SUFFIXES = [
  '管委会',
  '委员会',
  '办事处',
  '街道',
  '人民政府',
  '政府',
  '区',
  '县',
  '市',
  '省',
  '州',
  '旗',
  '盟',
  '镇',
  '乡',
  '局',
  '厅',
  '委',
  '办',
  '署',
  '院',
];
const NOT_A_NAME_START = [
  '按照',
  '根据',
  '在',
  '我',
  '全',
  '本',
  '认真',
  '坚持',
  '围绕',
  '以',
  '为',
  '对',
  '通过',
  '各',
  '共',
  '进一步',
  '结合',
  '紧紧',
];

/** `2024年，经开区认真贯彻…`: the subject of the opening sentence, when no title names the agency. */
function agencyFromOpening(head: readonly string[]): string | null {
  for (const line of head) {
    const s = line.slice(0, 4000);
    let from = 0;
    for (;;) {
      const k = s.indexOf('年,', from);
      if (k < 0) break;
      from = k + 2;
      if (!yearBefore(s, k + 1)) continue;
      const rest = s.slice(k + 2, k + 2 + 20);
      if (NOT_A_NAME_START.some((w) => rest.startsWith(w))) continue;
      let run = '';
      for (let j = 0; j < rest.length && isHan(rest.charCodeAt(j)); j++) run += rest[j];
      for (let len = 2; len <= run.length; len++) {
        const cand = run.slice(0, len);
        if (AGENCY_SUFFIXES.some((suf) => cand.endsWith(suf))) return cand;
      }
    }
  }
  return null;
}

/** The most frequent plausible `YYYY年` in the text (bounded scan). */
function commonYear(lines: readonly SourceLine[]): number | null {
  const counts = new Map<number, number>();
  let scanned = 0;
  for (const line of lines) {
    if (scanned > 200_000) break;
    const s = compact(line.text);
    scanned += s.length;
    let from = 0;
    for (;;) {
      const k = s.indexOf('年', from);
      if (k < 0) break;
      from = k + 1;
      const y = yearBefore(s, k + 1);
      if (y) counts.set(y.year, (counts.get(y.year) ?? 0) + 1);
    }
  }
  let best: number | null = null;
  let bestCount = 0;
  for (const [y, c] of counts) {
    if (c > bestCount || (c === bestCount && best !== null && y < best)) {
      best = y;
      bestCount = c;
    }
  }
  return best;
}

/** `统计期限…2024年1月1日至2024年12月31日`: the year of a statistics period ending 31 December. */
function periodYear(head: readonly string[]): number | null {
  for (const line of head) {
    const s = line.slice(0, 4000);
    const k = s.indexOf('年12月31日');
    if (k < 0) continue;
    const y = yearBefore(s, k + 1);
    if (y) return y.year;
  }
  return null;
}

function isoDate(y: number, m: number, d: number): string | null {
  if (m < 1 || m > 12 || d < 1 || d > 31) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCMonth() !== m - 1) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

const LABELLED_DATE =
  /(?:发布时间|发布日期|发文日期|成文日期|公开日期|日期)[:：]?(\d{4})[-年./](\d{1,2})[-月./](\d{1,2})/;
const DATE_LINE = /^(\d{4})年(\d{1,2})月(\d{1,2})日$/;

function publishedDate(lines: readonly SourceLine[], head: readonly string[]): string | null {
  for (const line of head) {
    const s = line.slice(0, 400);
    const m = LABELLED_DATE.exec(s);
    if (m) return isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
  }
  let seen = 0;
  for (let i = lines.length - 1; i >= 0 && seen < TAIL_LINES; i--) {
    const text = (lines[i] as SourceLine).text;
    if (text.length > 200) {
      seen++;
      continue;
    }
    const s = compact(text);
    if (s.length === 0) continue;
    seen++;
    if (s.length > 16) continue;
    const m = DATE_LINE.exec(s);
    if (m) return isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
  }
  return null;
}

export function readMetadata(lines: readonly SourceLine[]): Metadata {
  const head = headOf(lines);
  const titles = findTitles(lines, head);
  const own = titles.find((t) => !t.quoted && t.name !== null) ?? titles.find((t) => !t.quoted);
  const year = own?.year ?? periodYear(head) ?? titles[0]?.year ?? commonYear(lines);
  const agency = own?.name ?? agencyFromOpening(head);
  const titleHit = titles.find((t) => !t.quoted && t.standalone);
  let publishedAt = publishedDate(lines, head);
  if (publishedAt !== null && year !== null && Number(publishedAt.slice(0, 4)) < year) publishedAt = null;
  return { year, agency, title: titleHit?.text ?? null, publishedAt };
}
