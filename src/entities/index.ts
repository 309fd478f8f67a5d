import { Agency } from './agency.entity';
import { Report } from './report.entity';
import { ReportRow } from './report-row.entity';
import { Section } from './section.entity';
import { ValidationIssue } from './validation-issue.entity';

export { Agency, Report, ReportRow, Section, ValidationIssue };
export const ENTITIES = [Agency, Report, Section, ReportRow, ValidationIssue];
