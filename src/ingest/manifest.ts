/**
 * A scraper's manifest: per source file, what the scraper knows (agency, region, year, URL,
 * published date). JSON Lines or CSV with a header row. Manifest values win over values read
 * from the text; a disagreement is kept as a METADATA_MISMATCH issue.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { AgencyKind, AgencyLevel, IssueCode, IssueSeverity } from '../domain/codes';
import { type NormalizedReport } from '../domain/report';
import { BadUserInputError } from '../errors';

export interface ManifestEntry {
  /** Path of the source file, relative to the manifest (or absolute). */
  file: string;
  agency?: string;
  province?: string;
  city?: string;
  county?: string;
  divisionCode?: string;
  level?: AgencyLevel;
  kind?: AgencyKind;
  year?: number;
  sourceUrl?: string;
  publishedAt?: string;
}

const FIELDS = [
  'file',
  'agency',
  'province',
  'city',
  'county',
  'divisionCode',
  'level',
  'kind',
  'year',
  'sourceUrl',
  'publishedAt',
] as const;

function oneOf<E extends Record<string, string>>(
  e: E,
  value: unknown,
  where: string,
  field: string,
): E[keyof E] | undefined {
  if (value == null || value === '') return undefined;
  const values = Object.values(e);
  if (!values.includes(String(value))) {
    throw new BadUserInputError(
      `${where}: ${field} must be one of ${values.join(', ')}; got "${String(value)}"`,
    );
  }
  return value as E[keyof E];
}

function str(value: unknown): string | undefined {
  if (value == null) return undefined;
  const s = String(value).trim();
  return s === '' ? undefined : s;
}

/** Validate one manifest record (also the metadata of the ingestReport mutation). */
export function toEntry(raw: Record<string, unknown>, where: string): ManifestEntry {
  const unknown = Object.keys(raw).filter((k) => !(FIELDS as readonly string[]).includes(k));
  if (unknown.length) {
    throw new BadUserInputError(
      `${where}: unknown field(s) ${unknown.join(', ')}; allowed: ${FIELDS.join(', ')}`,
    );
  }
  const file = str(raw.file);
  if (!file) throw new BadUserInputError(`${where}: "file" is required`);
  const yearText = str(raw.year);
  const year = yearText == null ? undefined : Number(yearText);
  if (year != null && (!Number.isInteger(year) || year < 2000 || year > 2100)) {
    throw new BadUserInputError(`${where}: year must be a year like 2024; got "${yearText}"`);
  }
  const publishedAt = str(raw.publishedAt);
  if (publishedAt && !/^\d{4}-\d{2}-\d{2}$/.test(publishedAt)) {
    throw new BadUserInputError(`${where}: publishedAt must be YYYY-MM-DD; got "${publishedAt}"`);
  }
  const divisionCode = str(raw.divisionCode);
  if (divisionCode && !/^\d{6}$/.test(divisionCode)) {
    throw new BadUserInputError(`${where}: divisionCode must be 6 digits; got "${divisionCode}"`);
  }
  return {
    file,
    agency: str(raw.agency),
    province: str(raw.province),
    city: str(raw.city),
    county: str(raw.county),
    divisionCode,
    level: oneOf(AgencyLevel, raw.level, where, 'level'),
    kind: oneOf(AgencyKind, raw.kind, where, 'kind'),
    year,
    sourceUrl: str(raw.sourceUrl),
    publishedAt,
  };
}

/** A line of a manifest that was not taken, and why (`where` is `manifest:line`). */
export interface ManifestProblem {
  where: string;
  reason: string;
}

export interface ManifestReading {
  /** Entries by the resolved path of their file. */
  entries: Map<string, ManifestEntry>;
  /** Where each entry was named (`manifest:line`), by the same key. */
  origins: Map<string, string>;
  /** Lines not taken, each with why; the others are read all the same. */
  problems: ManifestProblem[];
}

/** Whether `file` is `root` or inside it. */
function inside(root: string, file: string): boolean {
  const rel = path.relative(root, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** The real path of a file that exists (its symbolic links followed), else the path as given. */
function real(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return file;
  }
}

/**
 * Read a manifest (.jsonl or .csv), line by line: a malformed line, a bad value or a file outside
 * the root is a problem of its own, and the other lines are read all the same. Files are resolved
 * against the manifest's folder and must stay inside `root` (default: that folder; symbolic links
 * are followed before the check), so that a manifest cannot have any file of the machine read.
 * The manifest itself unreadable throws (BadUserInputError).
 */
export function readManifestLines(manifestPath: string, opts: { root?: string } = {}): ManifestReading {
  let text: string;
  try {
    text = fs.readFileSync(manifestPath, 'utf8');
  } catch (e) {
    throw new BadUserInputError(
      `${manifestPath}: the manifest cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
    );
  }
  const dir = path.dirname(path.resolve(manifestPath));
  const root = path.resolve(opts.root ?? dir);
  const reading: ManifestReading = { entries: new Map(), origins: new Map(), problems: [] };
  const take = (raw: Record<string, unknown>, where: string) => {
    let entry: ManifestEntry;
    try {
      entry = toEntry(raw, where);
    } catch (e) {
      reading.problems.push({ where, reason: (e as Error).message.replace(`${where}: `, '') });
      return;
    }
    const file = path.resolve(dir, entry.file);
    if (!inside(real(root), real(file))) {
      reading.problems.push({
        where,
        reason:
          `${entry.file} is outside ${opts.root ? `the root ${root}` : `the manifest's folder ${root}`}; ` +
          'name another root with --root DIR',
      });
      return;
    }
    reading.entries.set(file, entry);
    reading.origins.set(file, where);
  };
  if (/\.csv$/i.test(manifestPath)) {
    let records: Record<string, unknown>[];
    try {
      records = parseCsv(text, { columns: true, skip_empty_lines: true, bom: true, trim: true });
    } catch (e) {
      // CSV that does not parse has no lines to go on with.
      reading.problems.push({ where: manifestPath, reason: `not valid CSV: ${(e as Error).message}` });
      return reading;
    }
    records.forEach((r, i) => take(r, `${manifestPath}:${i + 2}`));
  } else {
    text.split(/\r?\n/).forEach((line, i) => {
      if (!line.trim()) return;
      const where = `${manifestPath}:${i + 1}`;
      let raw: unknown;
      try {
        raw = JSON.parse(line);
      } catch (e) {
        reading.problems.push({ where, reason: `not valid JSON: ${(e as Error).message}` });
        return;
      }
      if (typeof raw !== 'object' || raw == null || Array.isArray(raw)) {
        reading.problems.push({ where, reason: 'each line must be a JSON object' });
        return;
      }
      take(raw as Record<string, unknown>, where);
    });
  }
  return reading;
}

/**
 * Read a manifest whole: its first problem throws (tools and tests; `gongkai ingest` reads
 * line by line with readManifestLines).
 */
export function readManifest(manifestPath: string, opts: { root?: string } = {}): Map<string, ManifestEntry> {
  const { entries, problems } = readManifestLines(manifestPath, opts);
  const first = problems[0];
  if (first) throw new BadUserInputError(`${first.where}: ${first.reason}`);
  return entries;
}

/** The report with the manifest's values applied; where they disagree with the text, an issue says so. */
export function applyManifest(report: NormalizedReport, entry: ManifestEntry | undefined): NormalizedReport {
  if (!entry) return report;
  const issues = [...report.issues];
  const mismatch = (field: string, fromText: unknown, fromManifest: unknown) => {
    if (fromText != null && fromManifest != null && String(fromText) !== String(fromManifest)) {
      issues.push({
        code: IssueCode.METADATA_MISMATCH,
        severity: IssueSeverity.INFO,
        where: field,
        message: `the manifest says ${field} is "${String(fromManifest)}", the text says "${String(fromText)}"; the manifest's value is kept`,
      });
    }
  };
  mismatch('year', report.year, entry.year);
  mismatch('publishedAt', report.publishedAt, entry.publishedAt);
  const nameInText = report.agency.nameInText ?? report.agency.name;
  return {
    ...report,
    year: entry.year ?? report.year,
    publishedAt: entry.publishedAt ?? report.publishedAt,
    sourceUrl: entry.sourceUrl ?? report.sourceUrl,
    agency: {
      ...report.agency,
      name: entry.agency ?? report.agency.name,
      nameInText,
      province: entry.province ?? report.agency.province,
      city: entry.city ?? report.agency.city,
      county: entry.county ?? report.agency.county,
      divisionCode: entry.divisionCode ?? report.agency.divisionCode,
      level: entry.level ?? report.agency.level,
      kind: entry.kind ?? report.agency.kind,
    },
    issues,
  };
}
