/** Reading the generator's ground truth (src/synth) in tests. */
import fs from 'node:fs';
import path from 'node:path';

export interface Truth {
  year: number;
  formatVersion: string;
  agency: { manifestName: string; divisionCode: string };
  applications: Record<string, number[]> | null;
  expectedIssues: { code: string; where: string }[];
  expectedLoadIssues: { code: string; where: string }[];
}

/** The truth file of a generated report: DIR/reports/… → DIR/truth/….json */
export function readTruth(reportFile: string): Truth {
  const file = reportFile
    .replace(`${path.sep}reports${path.sep}`, `${path.sep}truth${path.sep}`)
    .replace(/\.(txt|html)$/, '.json');
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Truth;
}
