/**
 * The independent challenge set (test/fixtures/challenge, written by scripts/challenge.ts from the
 * seeds' golden values, without src/synth): reading each file and scoring it cell by cell against
 * its `.expected.json`, with a scorer of its own (not src/synth/score.ts, so that the check shares
 * nothing with the generated corpus). A cell is one printed figure of a table:
 * - right: read as printed;
 * - flagged: not read (or read other than printed) with an issue on its row, column or table;
 * - wrong, unflagged: read other than printed, or read where the printed row cannot be known (seed
 *   001's review row), with no issue on it — what issue #13 forbids;
 * - missed, unflagged: not read and no issue says so.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  ACTIVE_DISCLOSURE_LAYOUT,
  APPLICATION_COLUMNS,
  APPLICATION_ROWS,
  FormVersion,
  IssueCode,
  REVIEW_COLUMNS,
  REVIEW_ROWS,
  TableCode,
} from '../../src/domain/codes';
import { type GoldenJson, parseDocument, toGoldenJson } from '../../src/parser';
import type { ChallengeExpected } from '../../scripts/challenge';

export const CHALLENGE_DIR = path.join(__dirname, '..', 'fixtures', 'challenge');

export interface ChallengeCounts {
  right: number;
  flagged: number;
  wrongUnflagged: number;
  missedUnflagged: number;
}

export interface ChallengeScore {
  file: string;
  cls: string;
  counts: ChallengeCounts;
  /** One line per cell not read right (or the parse error). */
  misses: string[];
}

export function challengeFiles(): string[] {
  return fs
    .readdirSync(CHALLENGE_DIR)
    .filter((f) => !f.endsWith('.expected.json'))
    .sort();
}

function covered(issues: GoldenJson['issues'], table: string, row: string, column: string): boolean {
  return issues.some(
    (i) =>
      i.code !== IssueCode.EXTRA_ROW &&
      (i.where === row || i.where === table || (table === TableCode.APPLICATIONS && i.where === column)),
  );
}

export function scoreChallenge(
  file: string,
  expected: ChallengeExpected,
  got: GoldenJson | Error,
): ChallengeScore {
  const counts: ChallengeCounts = { right: 0, flagged: 0, wrongUnflagged: 0, missedUnflagged: 0 };
  const misses: string[] = [];
  const form = expected.formatVersion === '2019' ? FormVersion.V2019 : FormVersion.V2021;
  const tables: Array<{ table: string; rows: Array<{ row: string; columns: readonly string[] }> }> = [
    { table: TableCode.ACTIVE_DISCLOSURE, rows: [...ACTIVE_DISCLOSURE_LAYOUT[form]] },
    {
      table: TableCode.APPLICATIONS,
      rows: APPLICATION_ROWS[form].map((row) => ({ row, columns: APPLICATION_COLUMNS })),
    },
    {
      table: TableCode.REVIEW_LITIGATION,
      rows: REVIEW_ROWS.map((row) => ({ row, columns: REVIEW_COLUMNS })),
    },
  ];
  for (const { table, rows } of tables) {
    for (const { row, columns } of rows) {
      columns.forEach((column, c) => {
        let want: number | undefined;
        if (table === TableCode.APPLICATIONS) want = expected.applications[row]?.[c];
        else if (table === TableCode.ACTIVE_DISCLOSURE) want = expected.activeDisclosure[row]?.[column];
        else want = expected.reviewLitigation?.[row]?.[column];
        let have: number | null | undefined;
        let noted = false;
        if (!(got instanceof Error)) {
          const t = got[table as 'activeDisclosure'] as Record<
            string,
            Record<string, number | null> | Array<number | null>
          > | null;
          const r = t?.[row];
          have = Array.isArray(r) ? r[c] : r?.[column];
          noted = covered(got.issues, table, row, column);
        }
        const where = `${table}.${row}.${column}`;
        if (want === undefined) {
          // nothing can be known here (the row as printed does not divide into columns)
          if (have !== null && have !== undefined && !noted) {
            counts.wrongUnflagged++;
            misses.push(`${where}: read ${have} where the print cannot tell, no issue`);
          }
          return;
        }
        if (have !== null && have !== undefined && Math.abs(have - want) < 1e-9) counts.right++;
        else if (noted) {
          counts.flagged++;
          misses.push(`${where}: flagged (${have ?? 'not read'}, printed ${want})`);
        } else if (have === null || have === undefined) {
          counts.missedUnflagged++;
          misses.push(
            `${where}: not read, no issue (printed ${want})${got instanceof Error ? ` — ${got.message}` : ''}`,
          );
        } else {
          counts.wrongUnflagged++;
          misses.push(`${where}: read ${have}, printed ${want}, no issue`);
        }
      });
    }
  }
  return { file, cls: expected.class, counts, misses };
}

export async function readChallenge(file: string): Promise<ChallengeScore> {
  const expected = JSON.parse(
    fs.readFileSync(path.join(CHALLENGE_DIR, file.replace(/\.[a-z]+$/, '.expected.json')), 'utf8'),
  ) as ChallengeExpected;
  let got: GoldenJson | Error;
  try {
    got = toGoldenJson(
      await parseDocument(fs.readFileSync(path.join(CHALLENGE_DIR, file)), { fileName: file }),
    );
  } catch (e) {
    got = e as Error;
  }
  return scoreChallenge(file, expected, got);
}

/** Per class: reports, cells, right / flagged / wrong-unflagged / missed-unflagged. */
export function tallyChallenge(
  scores: readonly ChallengeScore[],
): Map<string, ChallengeCounts & { reports: number }> {
  const out = new Map<string, ChallengeCounts & { reports: number }>();
  for (const s of scores) {
    let c = out.get(s.cls);
    if (!c) {
      c = { reports: 0, right: 0, flagged: 0, wrongUnflagged: 0, missedUnflagged: 0 };
      out.set(s.cls, c);
    }
    c.reports++;
    c.right += s.counts.right;
    c.flagged += s.counts.flagged;
    c.wrongUnflagged += s.counts.wrongUnflagged;
    c.missedUnflagged += s.counts.missedUnflagged;
  }
  return out;
}

export const cellsOf = (c: ChallengeCounts) => c.right + c.flagged + c.wrongUnflagged + c.missedUnflagged;

export function challengeTable(scores: readonly ChallengeScore[]): string {
  const pct = (n: number, d: number) => `${((100 * n) / d).toFixed(2)}%`;
  const lines = [
    '| class | reports | cells | right | flagged | wrong, unflagged | missed, unflagged |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  const all = { reports: 0, right: 0, flagged: 0, wrongUnflagged: 0, missedUnflagged: 0 };
  for (const [cls, c] of [...tallyChallenge(scores)].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const n = cellsOf(c);
    lines.push(
      `| ${cls} | ${c.reports} | ${n} | ${pct(c.right, n)} | ${pct(c.flagged, n)} | ${c.wrongUnflagged} | ${c.missedUnflagged} |`,
    );
    for (const k of Object.keys(all) as Array<keyof typeof all>) all[k] += c[k];
  }
  const n = cellsOf(all);
  lines.push(
    `| **all** | ${all.reports} | ${n} | ${pct(all.right, n)} | ${pct(all.flagged, n)} | ${all.wrongUnflagged} | ${all.missedUnflagged} |`,
  );
  return lines.join('\n');
}
