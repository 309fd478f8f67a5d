/** Reading the generator's ground truth (src/synth) in tests. */
import fs from 'node:fs';
import path from 'node:path';
import { type TruthJson } from '../../src/synth/truth';

/** A generated report's ground truth, as the generator writes it (one definition: src/synth/truth.ts). */
export type Truth = TruthJson;

/** The truth file of a generated report: DIR/reports/… → DIR/truth/….json */
export function readTruth(reportFile: string): Truth {
  const file = reportFile
    .replace(`${path.sep}reports${path.sep}`, `${path.sep}truth${path.sep}`)
    .replace(/\.(txt|html)$/, '.json');
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Truth;
}
