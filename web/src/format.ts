/** Numbers as the dashboard prints them. */
const integer = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 2 });

export const formatNumber = (n: number | null | undefined): string => (n == null ? '—' : integer.format(n));

/** A share (0–1) as a percentage with one decimal, half away from zero (as the examples print). */
export function formatShare(share: number | null | undefined): string {
  if (share == null) return '—';
  const tenths = Math.sign(share) * Math.round(Math.abs(share) * 1000);
  return `${(tenths / 10).toFixed(1)}%`;
}
