/**
 * Grid tables (pandoc's `+----+----+` tables, which PDF-to-markdown converters write): a row is
 * every line between two rule lines, and a cell's text is wrapped over those lines inside its
 * column (`| 一、本年新收政府信 | 132 |` / `| 息公开申请数量 |  |`). Each row is written as one
 * pipe row on its first line, its cells' pieces joined; its other lines and the rules become empty
 * lines, so that every line keeps its number (positions point at the row's first line as printed).
 */

const RULE = /^[ \t]*\+(?:[-=:]+\+)+[ \t\r]*$/;
const CONTENT = /^[ \t]*\|.*\|[ \t\r]*$/;

/** Joins a cell's wrapped pieces: Han text runs on; two Latin words or numbers keep a space. */
function joinPieces(pieces: readonly string[]): string {
  let out = '';
  for (const p of pieces) {
    if (p.length === 0) continue;
    if (out.length > 0 && /[0-9A-Za-z]$/.test(out) && /^[0-9A-Za-z]/.test(p)) out += ' ';
    out += p;
  }
  return out;
}

function cellsOf(line: string): string[] {
  const t = line.trim();
  return t.slice(1, -1).split('|');
}

export function gridTablesAsPipes(text: string): string {
  if (!text.includes('+-') && !text.includes('+=')) return text;
  const lines = text.split('\n');
  let changed = false;
  let i = 0;
  while (i < lines.length) {
    if (!RULE.test(lines[i] as string) || !CONTENT.test(lines[i + 1] ?? '')) {
      i++;
      continue;
    }
    // rows until a line that is neither a rule nor a content line
    const columns = ((lines[i] as string).trim().match(/\+/g)?.length ?? 1) - 1;
    let j = i + 1;
    let rowStart = -1;
    let pieces: string[][] = [];
    const flush = (end: number) => {
      if (rowStart < 0) return;
      lines[rowStart] = `| ${pieces.map(joinPieces).join(' | ')} |`;
      for (let k = rowStart + 1; k < end; k++) lines[k] = '';
      rowStart = -1;
      pieces = [];
    };
    let ok = true;
    for (; j < lines.length; j++) {
      const line = lines[j] as string;
      if (RULE.test(line)) {
        flush(j);
        lines[j] = '';
        continue;
      }
      if (!CONTENT.test(line)) break;
      const cells = cellsOf(line);
      if (cells.length !== columns) {
        // a spanning cell (fewer bars) cannot be cut by bars: left as printed
        ok = false;
        break;
      }
      if (rowStart < 0) {
        rowStart = j;
        pieces = cells.map(() => []);
      }
      cells.forEach((c, k) => (pieces[k] as string[]).push(c.trim()));
    }
    if (ok) {
      flush(j);
      lines[i] = '';
      changed = true;
    } else {
      // the rest of this table stays as printed
      while (j < lines.length && (RULE.test(lines[j] as string) || CONTENT.test(lines[j] as string))) j++;
    }
    i = j;
  }
  return changed ? lines.join('\n') : text;
}
