import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { AgencyLevel, IssueCode } from '../../../src/domain/codes';
import { applyManifest, readManifest } from '../../../src/ingest/manifest';
import { readGolden, goldenToReport } from '../../support/golden';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-manifest-'));
const write = (name: string, text: string) => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
};

test('reads CSV (with BOM and header) and JSON Lines; files resolve against the manifest folder', () => {
  const csv = readManifest(
    write(
      'm.csv',
      '\uFEFFfile,agency,province,city,level,year,publishedAt\nr/a.txt,某县人民政府,湖南省,岳阳市,county,2023,2024-01-30\n',
    ),
  );
  const a = csv.get(path.join(dir, 'r/a.txt'));
  assert.deepEqual(
    { agency: a?.agency, province: a?.province, level: a?.level, year: a?.year, publishedAt: a?.publishedAt },
    {
      agency: '某县人民政府',
      province: '湖南省',
      level: AgencyLevel.COUNTY,
      year: 2023,
      publishedAt: '2024-01-30',
    },
  );
  const jsonl = readManifest(write('m.jsonl', '{"file":"b.html","agency":"某局","year":2021}\n\n'));
  assert.equal(jsonl.get(path.join(dir, 'b.html'))?.agency, '某局');
});

test('bad manifests say where and what', () => {
  assert.throws(
    () => readManifest(write('x.jsonl', '{"file":"a.txt"}\n{"file":"b.txt","yr":2020}\n')),
    /x\.jsonl:2: unknown field\(s\) yr/,
  );
  assert.throws(() => readManifest(write('y.jsonl', '{"agency":"a"}\n')), /y\.jsonl:1: "file" is required/);
  assert.throws(
    () => readManifest(write('z.csv', 'file,year\na.txt,twenty\n')),
    /z\.csv:2: year must be a year/,
  );
  assert.throws(
    () => readManifest(write('w.csv', 'file,level\na.txt,galactic\n')),
    /w\.csv:2: level must be one of national/,
  );
});

test('manifest values win; a disagreement with the text becomes a METADATA_MISMATCH issue', () => {
  const report = goldenToReport(readGolden('000_645fa7a6713f6501.json'));
  const merged = applyManifest(
    { ...report, agency: { name: '经开区' } },
    {
      file: 'x',
      agency: '石家庄经济技术开发区',
      province: '河北省',
      year: 2023,
    },
  );
  assert.equal(merged.agency.name, '石家庄经济技术开发区');
  assert.equal(merged.agency.nameInText, '经开区');
  assert.equal(merged.year, 2023);
  const issue = merged.issues.find((i) => i.code === IssueCode.METADATA_MISMATCH);
  assert.equal(issue?.where, 'year');
  assert.match(issue!.message, /manifest says year is "2023", the text says "2024"/);
});
