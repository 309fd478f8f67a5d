/** `gongkai parse`: summary, --json contract, errors with file:line:column and exit code 1. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../../../../src/cli/command';
import { ingestCommand } from '../../../../src/cli/commands/ingest';
import { formatReport, parseCommand } from '../../../../src/cli/commands/parse';
import { TableCode } from '../../../../src/domain/codes';
import { runGongkai } from '../../../support/cli';
import { allGoldenReports } from '../../../support/golden';

const SEEDS = join(__dirname, '..', '..', '..', 'fixtures', 'corpus', 'seeds');
const GOLDEN = join(__dirname, '..', '..', '..', 'fixtures', 'corpus', 'golden');

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const write = process.stdout.write.bind(process.stdout);
  const error = console.error;
  process.stdout.write = ((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  }) as typeof process.stdout.write;
  console.error = (...args: unknown[]) => {
    err += `${args.join(' ')}\n`;
  };
  try {
    const code = await parseCommand.run(argv);
    return { code, out, err };
  } finally {
    process.stdout.write = write;
    console.error = error;
  }
}

describe('gongkai parse', () => {
  test("the command list names every kind of file parse and ingest read (not 'text or HTML')", () => {
    for (const c of [parseCommand, ingestCommand]) {
      assert.doesNotMatch(c.summary, /text or HTML/, c.name);
      for (const kind of ['PDF', 'docx', 'HTML', 'markdown', 'text'])
        assert.match(c.summary, new RegExp(kind), c.name);
    }
  });

  test('--json prints the golden shape', async () => {
    const file = join(SEEDS, '000_645fa7a6713f6501.txt');
    const { code, out } = await run([file, '--json']);
    assert.equal(code, 0);
    const json = JSON.parse(out);
    const golden = JSON.parse(readFileSync(join(GOLDEN, '000_645fa7a6713f6501.json'), 'utf8'));
    for (const key of [
      'year',
      'formatVersion',
      'sectionTitles',
      'activeDisclosure',
      'applications',
      'reviewLitigation',
      'applicationColumns',
    ]) {
      assert.deepEqual(json[key], golden[key], key);
    }
    assert.deepEqual(
      json.issues.map((i: { code: string; where: string }) => ({ code: i.code, where: i.where })),
      golden.expectedIssues,
    );
    assert.equal(json.agency.nameInText, golden.agency.nameInText);
  });

  test('the summary names the year, form, sections, tables and issues with positions', async () => {
    const file = join(SEEDS, '001_9a97c9075911a516.txt');
    const { code, out } = await run([file]);
    assert.equal(code, 0);
    assert.match(out, /year 2024, form 2021/);
    assert.match(out, /agency: 岳阳市岳阳楼区/);
    assert.match(out, /5\. 存在的主要问题及改进情况 — printed "、存在的主要问题及改进情况"/);
    assert.match(out, /fees.*46\.6847|行政事业性收费: 金额\(万元\) 46\.6847/);
    assert.match(out, /Review and litigation \(section 4\):\n {2}\(not read: CELL_COUNT_MISMATCH\)/);
    assert.ok(out.includes(`${file}:584:1: error CELL_COUNT_MISMATCH [reviewLitigation]`));
  });

  test('bad input: file:line:column on stderr, exit code 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gongkai-parse-'));
    const file = join(dir, 'not-a-report.txt');
    writeFileSync(file, '今天天气很好。\n');
    const { code, out, err } = await run([file]);
    assert.equal(code, 1);
    assert.equal(out, '');
    assert.ok(err.startsWith(`${file}:1:1: `), err);
  });

  test('a legend under the tables names the marks they show, and only when they show one', async () => {
    const marked = await run([join(SEEDS, '001_9a97c9075911a516.txt')]);
    assert.match(marked.out, / 0\* /, 'seed 001 has cells printed blank');
    // Under the last table, before the issues.
    assert.match(marked.out, /\(section 4\):\n.*\n\nMarks: \* printed blank, read as 0\n\nIssues:/);
    const plain = await run([join(SEEDS, '000_645fa7a6713f6501.txt')]);
    assert.doesNotMatch(plain.out, /[\d ][*/?]( |$)/m, 'seed 000 shows no mark');
    assert.doesNotMatch(plain.out, /Marks:/);
  });

  test('the legend explains every mark shown: / not applicable, ? no cell, ?(text) unreadable', () => {
    const { report } = allGoldenReports()[0]!;
    const rows = report.tables.find((t) => t.table === TableCode.APPLICATIONS)!.rows;
    const [first, second, third] = rows;
    first!.cells[0] = { ...first!.cells[0]!, notApplicable: true, blank: false };
    second!.cells[0] = { ...second!.cells[0]!, value: null, raw: '十二', blank: false };
    third!.cells.splice(0, 1);
    const out = formatReport(report, 'edited.txt');
    assert.match(out, / \/ /);
    assert.match(out, /\?\(十二\)/);
    const legend = out.split('\n').find((l) => l.startsWith('Marks: '));
    assert.equal(
      legend,
      'Marks: / not applicable; ? no cell read; ?(text) printed text that is not a number',
    );
  });

  test('a missing file is exit code 1 with a message', async () => {
    const { code, err } = await run(['/nonexistent/report.txt']);
    assert.equal(code, 1);
    assert.match(err, /cannot read/);
  });

  test('bad arguments are a UsageError', async () => {
    await assert.rejects(() => parseCommand.run([]), UsageError);
    await assert.rejects(() => parseCommand.run(['a', 'b']), UsageError);
    await assert.rejects(() => parseCommand.run(['a', '--nope']), /Unknown option/);
  });

  test('reads PDF and Word files by their content, whatever their name', async () => {
    const fixtures = join(__dirname, '..', '..', '..', 'fixtures');
    const tmp = mkdtempSync(join(tmpdir(), 'gongkai-parse-cli-'));
    const cases = [
      [join(fixtures, 'pdf', 'word-2021.pdf'), join(fixtures, 'pdf', 'word-2021.json')],
      [join(fixtures, 'docx', 'template-2021.docx'), join(fixtures, 'docx', 'template-2021.json')],
    ] as const;
    for (const [file, truthFile] of cases) {
      const truth = JSON.parse(readFileSync(truthFile, 'utf8')) as {
        applications: Record<string, number[]>;
        activeDisclosure: Record<string, Record<string, number>>;
      };
      // a crawler's name: the extension says nothing
      const renamed = join(tmp, 'report.html');
      writeFileSync(renamed, readFileSync(file));
      // a child process: the parse is asynchronous, and the test runner's own reports share this stdout
      const { code, out, err } = runGongkai({ url: '', schema: '' }, ['parse', renamed, '--json']);
      assert.equal(code, 0, `${file}: ${err}`);
      const json = JSON.parse(out) as { applications: unknown; activeDisclosure: unknown };
      assert.deepEqual(json.applications, truth.applications, file);
      assert.deepEqual(json.activeDisclosure, truth.activeDisclosure, file);
    }
  });
});
