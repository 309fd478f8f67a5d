/** Migrations in order; each file is timestamped and has up and down. */
import { InitialSchema1763700000000 } from './1763700000000-InitialSchema';
import { ReportFacts1763800000000 } from './1763800000000-ReportFacts';
import { TextSimilarity1763900000000 } from './1763900000000-TextSimilarity';
import { ReportGrids1764000000000 } from './1764000000000-ReportGrids';
import { RowLevelReading1764100000000 } from './1764100000000-RowLevelReading';
import { AnalyticsScope1764200000000 } from './1764200000000-AnalyticsScope';
import { AnalyticsRegionIndex1764300000000 } from './1764300000000-AnalyticsRegionIndex';

export const MIGRATIONS = [
  InitialSchema1763700000000,
  ReportFacts1763800000000,
  TextSimilarity1763900000000,
  ReportGrids1764000000000,
  RowLevelReading1764100000000,
  AnalyticsScope1764200000000,
  AnalyticsRegionIndex1764300000000,
];
