/** One source file through the whole path: read → parse → manifest → save (one transaction). */
import fs from 'node:fs';
import path from 'node:path';
import { type DataSource } from 'typeorm';
import { type ManifestEntry, applyManifest, readManifest } from './manifest';
import { type SaveResult, saveReport } from './load';
import { parseReport } from './parse';

export async function ingestFile(
  ds: DataSource,
  filePath: string,
  entry?: ManifestEntry,
): Promise<SaveResult> {
  const bytes = await fs.promises.readFile(filePath);
  const fileName = path.basename(filePath);
  const parsed = parseReport(bytes, { fileName });
  const report = applyManifest({ ...parsed, sourceFile: fileName }, entry);
  return saveReport(ds, report);
}

/** The bundled sample reports (samples/manifest.jsonl), loaded through the parser. */
export const SAMPLES_MANIFEST = path.join(__dirname, '..', '..', 'samples', 'manifest.jsonl');

export async function loadSamples(ds: DataSource): Promise<SaveResult[]> {
  const results: SaveResult[] = [];
  for (const [file, entry] of readManifest(SAMPLES_MANIFEST)) {
    results.push(await ingestFile(ds, file, entry));
  }
  return results;
}
