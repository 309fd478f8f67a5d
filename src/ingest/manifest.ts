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

/** Read a manifest (.jsonl or .csv); entries' files are resolved against the manifest's folder. */
export function readManifest(manifestPath: string): Map<string, ManifestEntry> {
  const text = fs.readFileSync(manifestPath, 'utf8');
  const dir = path.dirname(path.resolve(manifestPath));
  const entries: ManifestEntry[] = [];
  if (/\.csv$/i.test(manifestPath)) {
    let records: Record<string, unknown>[];
    try {
      records = parseCsv(text, { columns: true, skip_empty_lines: true, bom: true, trim: true });
    } catch (e) {
      throw new BadUserInputError(`${manifestPath}: not valid CSV: ${(e as Error).message}`);
    }
    records.forEach((r, i) => entries.push(toEntry(r, `${manifestPath}:${i + 2}`)));
  } else {
    text.split(/\r?\n/).forEach((line, i) => {
      if (!line.trim()) return;
      let raw: unknown;
      try {
        raw = JSON.parse(line);
      } catch (e) {
        throw new BadUserInputError(`${manifestPath}:${i + 1}: not valid JSON: ${(e as Error).message}`);
      }
      if (typeof raw !== 'object' || raw == null || Array.isArray(raw)) {
        throw new BadUserInputError(`${manifestPath}:${i + 1}: each line must be a JSON object`);
      }
      entries.push(toEntry(raw as Record<string, unknown>, `${manifestPath}:${i + 1}`));
    });
  }
  const map = new Map<string, ManifestEntry>();
  for (const e of entries) map.set(path.resolve(dir, e.file), e);
  return map;
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
