/** Infer an agency's level and kind from its name and region when a manifest does not say. */
import { AgencyKind, AgencyLevel } from './codes';

export function inferKind(name: string): AgencyKind {
  if (/(开发区|经开区|高新区|新区|园区|管委会|试验区|保税区|港区)/u.test(name))
    return AgencyKind.DEVELOPMENT_ZONE;
  if (/(乡|镇|街道)(人民政府|办事处)?$/u.test(name)) return AgencyKind.TOWNSHIP;
  if (/人民政府(办公厅|办公室)?$/u.test(name)) return AgencyKind.GOVERNMENT;
  if (/(局|委员会|委|办公室|办|厅|部|署|中心|院)$/u.test(name)) return AgencyKind.DEPARTMENT;
  return AgencyKind.OTHER;
}

export function inferLevel(region: { province?: string; city?: string; county?: string }, kind: AgencyKind) {
  if (kind === AgencyKind.TOWNSHIP) return AgencyLevel.TOWNSHIP;
  if (region.county) return AgencyLevel.COUNTY;
  if (region.city) return AgencyLevel.CITY;
  if (region.province) return AgencyLevel.PROVINCE;
  return undefined;
}
