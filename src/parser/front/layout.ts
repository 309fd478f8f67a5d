/**
 * The intermediate form every front end produces: positioned cells in lines, in reading order.
 * Text front ends (plain text, HTML, markdown) produce it from characters; the PDF front end from
 * the positions of its text items. One table reader serves them all, through `layoutText`: a
 * layout is written as text (cells of a line joined by tabs), so that every position the parser
 * reports is a line and column of `sourceText`, and a cell's box (PDF) is looked up by the same
 * line and column.
 */

import type { PageBox } from '../../domain/report';

/** A rectangle on a page, in PDF points with the origin at the page's top left (1-based page). */
export type Box = PageBox;

export interface LayoutCell {
  text: string;
  box?: Box;
}

export interface LayoutLine {
  cells: LayoutCell[];
}

export interface Layout {
  lines: LayoutLine[];
  /** Pages read (PDF). */
  pages?: number;
}

/** Where a cell of the written text came from: line (0-based) → the start column of each cell and its box. */
export type BoxIndex = ReadonlyMap<number, ReadonlyArray<{ column: number; box: Box }>>;

/** Characters that would split a cell when the text is tokenized again. */
const CELL_BREAKS = /[\t|｜\r\n\f\u2028\u2029]/g;

/**
 * A layout as text (one line per layout line, cells joined by tabs) and, for cells with a box,
 * where each cell starts (1-based column) so that a token's position finds its box.
 */
export function layoutText(layout: Layout): { text: string; boxes: BoxIndex } {
  const out: string[] = [];
  const boxes = new Map<number, Array<{ column: number; box: Box }>>();
  layout.lines.forEach((line, i) => {
    let column = 1;
    const parts: string[] = [];
    for (const cell of line.cells) {
      const text = cell.text.replace(CELL_BREAKS, ' ');
      if (cell.box) {
        let list = boxes.get(i);
        if (!list) boxes.set(i, (list = []));
        list.push({ column, box: cell.box });
      }
      parts.push(text);
      column += text.length + 1;
    }
    out.push(parts.join('\t'));
  });
  return { text: out.join('\n'), boxes };
}

/** The box of the cell holding (line 0-based, column 1-based), if the layout gave one. */
export function boxAt(boxes: BoxIndex, lineIndex: number, column: number): Box | undefined {
  const list = boxes.get(lineIndex);
  if (!list) return undefined;
  let found: Box | undefined;
  for (const entry of list) {
    if (entry.column <= column) found = entry.box;
    else break;
  }
  return found;
}
