/**
 * Property tests: whatever the input, parseReport (and parseDocument for PDF and Word) returns a NormalizedReport or throws a
 * ParseError (with a 1-based position) or an InputTooLargeError; nothing else, and never hangs.
 * Inputs are the seeds and HTML fixtures mutated the ways scraped text breaks.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { APPLICATION_COLUMNS, REVIEW_COLUMNS, TableCode } from '../../src/domain/codes';
import type { NormalizedReport } from '../../src/domain/report';
import { InputTooLargeError, ParseError } from '../../src/errors';
import { MAX_INPUT_BYTES, parseDocument, parseReport } from '../../src/parser';
import { measureWork } from '../../src/parser/work';
import { linearityPatterns } from '../support/linearity';

const FIXTURES = join(__dirname, '..', 'fixtures');
const seeds = readdirSync(join(FIXTURES, 'corpus', 'seeds'))
  .sort()
  .map((f) => readFileSync(join(FIXTURES, 'corpus', 'seeds', f)));
const pages = readdirSync(join(FIXTURES, 'html'))
  .filter((f) => f.endsWith('.html'))
  .sort()
  .map((f) => readFileSync(join(FIXTURES, 'html', f)));
const inputs = [...seeds, ...pages];

const RUNS = 250;

/** The outcome contract, plus the invariants a returned report always keeps. */
function checkOutcome(run: () => NormalizedReport): void {
  let report: NormalizedReport;
  try {
    report = run();
  } catch (e) {
    checkError(e);
    return;
  }
  checkReport(report);
}

/** The same contract for PDF and Word files, which parse asynchronously. */
async function checkDocument(bytes: Uint8Array): Promise<void> {
  let report: NormalizedReport;
  try {
    report = await parseDocument(bytes);
  } catch (e) {
    checkError(e);
    return;
  }
  checkReport(report);
}

function checkError(e: unknown): void {
  {
    if (e instanceof InputTooLargeError) return;
    if (e instanceof ParseError) {
      assert.ok(Number.isInteger(e.line) && e.line >= 1, 'ParseError line');
      assert.ok(Number.isInteger(e.column) && e.column >= 1, 'ParseError column');
      return;
    }
    throw e;
  }
}

function checkReport(report: NormalizedReport): void {
  assert.ok(Number.isInteger(report.year));
  const numbers = report.sections.map((s) => s.number);
  assert.deepEqual(
    numbers,
    [...numbers].sort((a, b) => a - b),
    'sections in order',
  );
  assert.equal(new Set(numbers).size, numbers.length, 'sections unique');
  for (const t of report.tables) {
    for (const row of t.rows) {
      if (t.table === TableCode.APPLICATIONS) assert.equal(row.cells.length, APPLICATION_COLUMNS.length);
      if (t.table === TableCode.REVIEW_LITIGATION) assert.equal(row.cells.length, REVIEW_COLUMNS.length);
      for (const c of row.cells) assert.ok(c.value === null || Number.isFinite(c.value));
    }
  }
  for (const i of report.issues) assert.ok(i.code && i.where !== undefined && i.message);
}

const text = (b: Buffer) => b.toString('utf8');
const seedIndex = fc.nat({ max: inputs.length - 1 });

describe('fuzz: mutated reports', () => {
  test('deleted lines', () => {
    fc.assert(
      fc.property(seedIndex, fc.array(fc.nat(), { maxLength: 40 }), (i, dels) => {
        const lines = text(inputs[i] as Buffer).split('\n');
        for (const d of dels) if (lines.length > 0) lines.splice(d % lines.length, 1);
        checkOutcome(() => parseReport(lines.join('\n')));
      }),
      { numRuns: RUNS },
    );
  });

  test('duplicated lines', () => {
    fc.assert(
      fc.property(seedIndex, fc.array(fc.nat(), { maxLength: 20 }), (i, dups) => {
        const lines = text(inputs[i] as Buffer).split('\n');
        for (const d of dups) {
          const k = d % lines.length;
          lines.splice(k, 0, lines[k] as string);
        }
        checkOutcome(() => parseReport(lines.join('\n')));
      }),
      { numRuns: RUNS },
    );
  });

  test('cells shuffled within a line', () => {
    fc.assert(
      fc.property(
        seedIndex,
        fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat()), { maxLength: 30 }),
        (i, swaps) => {
          const lines = text(inputs[i] as Buffer).split('\n');
          for (const [l, a, b] of swaps) {
            const k = l % lines.length;
            const sep = (lines[k] as string).includes('|') ? '|' : '\t';
            const cells = (lines[k] as string).split(sep);
            const x = a % cells.length;
            const y = b % cells.length;
            [cells[x], cells[y]] = [cells[y] as string, cells[x] as string];
            lines[k] = cells.join(sep);
          }
          checkOutcome(() => parseReport(lines.join('\n')));
        },
      ),
      { numRuns: RUNS },
    );
  });

  test('random bytes inserted', () => {
    fc.assert(
      fc.property(
        seedIndex,
        fc.array(fc.tuple(fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 16 })), { maxLength: 8 }),
        (i, inserts) => {
          let bytes = Buffer.from(inputs[i] as Buffer);
          for (const [at, ins] of inserts) {
            const k = at % (bytes.length + 1);
            bytes = Buffer.concat([bytes.subarray(0, k), Buffer.from(ins), bytes.subarray(k)]);
          }
          checkOutcome(() => parseReport(bytes));
        },
      ),
      { numRuns: RUNS },
    );
  });

  test('truncation at any byte', () => {
    fc.assert(
      fc.property(seedIndex, fc.nat(), (i, cut) => {
        const b = inputs[i] as Buffer;
        checkOutcome(() => parseReport(b.subarray(0, cut % (b.length + 1))));
      }),
      { numRuns: RUNS },
    );
  });

  test('arbitrary strings and bytes', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ maxLength: 2000 }), fc.string({ unit: 'grapheme', maxLength: 500 })),
        (s) => {
          checkOutcome(() => parseReport(s));
        },
      ),
      { numRuns: RUNS },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4000 }), (b) => {
        checkOutcome(() => parseReport(b));
      }),
      { numRuns: RUNS },
    );
  });

  test('template fragments in random order', () => {
    const fragments = text(seeds[0] as Buffer)
      .split('\n')
      .concat(text(seeds[3] as Buffer).split('\n'))
      .filter((l) => l.length < 200);
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...fragments), { maxLength: 120 }), (ls) => {
        checkOutcome(() => parseReport(ls.join('\n')));
      }),
      { numRuns: RUNS },
    );
  });
});

describe('size cap', () => {
  test('just under the cap parses; just over is InputTooLargeError', () => {
    const seed = seeds[3] as Buffer;
    const copies = Math.floor(MAX_INPUT_BYTES / (seed.length + 1));
    const under = Buffer.concat(
      Array.from({ length: copies }, () => Buffer.concat([seed, Buffer.from('\n')])),
    );
    assert.ok(under.length <= MAX_INPUT_BYTES && under.length > MAX_INPUT_BYTES - seed.length - 2);
    checkOutcome(() => parseReport(under));
    const over = Buffer.concat([under, Buffer.alloc(MAX_INPUT_BYTES - under.length + 1, 0x20)]);
    assert.throws(() => parseReport(over), InputTooLargeError);
    assert.throws(() => parseReport(over.toString('latin1')), InputTooLargeError);
  });
});

/**
 * Linearity, by counting work (src/parser/work.ts: characters, nodes, cells, tokens and search
 * steps the parser's loops walk), never by a clock. Each case builds an input of size n and 8n
 * from a pathological pattern: linear work is ~8x, a quadratic loop would be ~64x. The count is
 * exact and repeatable, so the bound can be tight. Wall-clock ratios of the same patterns are in
 * `npm run bench:parse -- --linearity`.
 */
describe('linear work', () => {
  const stepsOf = (input: string) => {
    const { steps, error } = measureWork(() => parseReport(input));
    if (error !== undefined && !(error instanceof ParseError)) throw error;
    return steps;
  };
  const seed = text(seeds[3] as Buffer);
  for (const [name, make] of Object.entries(linearityPatterns(seed))) {
    test(name, () => {
      const ratio = stepsOf(make(8)) / Math.max(stepsOf(make(1)), 1);
      assert.ok(ratio > 1 && ratio <= 9, `8x input took ${ratio.toFixed(2)}x the work`);
    });
  }
});

/**
 * PDF and Word files broken the ways downloads break: cut short, bytes overwritten, a block
 * repeated. Each is a report or a typed error (the front ends cap pages, items, parts and sizes).
 */
describe('PDF and Word files, mutated', () => {
  const documents = [
    ...readdirSync(join(FIXTURES, 'pdf'))
      .filter((f) => f.endsWith('.pdf'))
      .map((f) => join(FIXTURES, 'pdf', f)),
    ...readdirSync(join(FIXTURES, 'docx'))
      .filter((f) => f.endsWith('.docx'))
      .map((f) => join(FIXTURES, 'docx', f)),
  ].map((f) => readFileSync(f));
  test('there are PDF and Word fixtures to mutate', () => {
    assert.ok(documents.length >= 4);
  });
  test('truncated, overwritten or with a block repeated: a report or a typed error', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: documents.length - 1 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.uint8Array({ minLength: 1, maxLength: 64 }),
        fc.constantFrom('cut', 'overwrite', 'repeat'),
        async (k, at, bytes, how) => {
          const doc = documents[k] as Buffer;
          const i = Math.floor(at * doc.length);
          const mutated =
            how === 'cut'
              ? doc.subarray(0, i)
              : how === 'overwrite'
                ? Buffer.concat([doc.subarray(0, i), Buffer.from(bytes), doc.subarray(i + bytes.length)])
                : Buffer.concat([doc.subarray(0, i), doc.subarray(i, i + 4096), doc.subarray(i)]);
          await checkDocument(mutated);
        },
      ),
      { numRuns: 60 },
    );
  });
});
