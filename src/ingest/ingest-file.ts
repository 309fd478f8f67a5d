/** One source file through the whole path: read → parse → manifest → save (one transaction). */
import fs from 'node:fs';
import path from 'node:path';
import { type DataSource } from 'typeorm';
import { type ManifestEntry, applyManifest, readManifest } from './manifest';
import { type SaveResult, saveReport } from '../db/writes/save';
import { InputTooLargeError } from '../errors';
import { MAX_DOCUMENT_BYTES, parseDocument } from '../parser/document';
import { type ParseOptions } from '../parser/parse';
import { type NormalizedReport } from '../domain/report';

/**
 * Any report source (text, HTML, PDF, Word; told apart by content) to a report. A PDF or Word
 * file's bytes go with it (sourceBytes), so that the store keeps the file for a later reparse.
 */
export async function readDocument(
  input: string | Uint8Array,
  options: ParseOptions = {},
): Promise<NormalizedReport> {
  const report = await parseDocument(input, options);
  if (typeof input !== 'string' && (report.sourceKind === 'pdf' || report.sourceKind === 'docx')) {
    report.sourceBytes = input;
  }
  return report;
}

/** Read and parse one source file, with its manifest entry applied. */
export async function readReport(filePath: string, entry?: ManifestEntry): Promise<NormalizedReport> {
  // A file over the largest document accepted is refused before it is read.
  const size = fs.statSync(filePath).size;
  if (size > MAX_DOCUMENT_BYTES) throw new InputTooLargeError(filePath, size, MAX_DOCUMENT_BYTES);
  // Synchronous: report files are small, and the async path's file-handle round trips cost more
  // than the read (~5% of ingest CPU in the profile).
  return readReportBytes(fs.readFileSync(filePath), filePath, entry);
}

/**
 * A source file's bytes (read here, or carried by a queued job from another machine) to a
 * report, with its manifest entry applied: the same path whichever process reads it.
 */
export async function readReportBytes(
  bytes: Uint8Array,
  filePath: string,
  entry?: ManifestEntry,
): Promise<NormalizedReport> {
  if (bytes.byteLength > MAX_DOCUMENT_BYTES) {
    throw new InputTooLargeError(filePath, bytes.byteLength, MAX_DOCUMENT_BYTES);
  }
  const fileName = path.basename(filePath);
  const parsed = await readDocument(bytes, { fileName });
  return applyManifest({ ...parsed, sourceFile: fileName }, entry);
}

export async function ingestFile(
  ds: DataSource,
  filePath: string,
  entry?: ManifestEntry,
): Promise<SaveResult> {
  return saveReport(ds, await readReport(filePath, entry));
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
