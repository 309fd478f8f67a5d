/**
 * The attack queries of issue #17, one definition for the tests that refuse them
 * (test/e2e/limits.test.ts) and the bench that times the refusals (bench/abuse.ts).
 */

/** Fragments that each spread the next twice, `levels` deep: 2^levels spreads when expanded. */
export function fragmentBomb(levels: number, nested: boolean): string {
  const parts = [`query Bomb { agencies(first: 1) { nodes { ...F0 } } }`];
  for (let i = 0; i < levels; i++) {
    const next = `...F${i + 1} ...F${i + 1}`;
    parts.push(
      nested
        ? `fragment F${i} on Agency { reports { agency { ${next} } } }`
        : `fragment F${i} on Agency { name ${next} }`,
    );
  }
  parts.push(`fragment F${levels} on Agency { id }`);
  return parts.join('\n');
}

/** `n` aliases of one field. */
export const aliases = (
  n: number,
  field = 'refusedBreakdown(groupBy: PROVINCE) { year groupName refused }',
): string => `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(' ')} }`;

/**
 * Agency ↔ reports, `pairs` times, each page `first` long: within a depth of 2 × pairs + 3.
 * `fields` are selected beside the nesting (the bench asks for a report's year and an agency's name).
 */
export function cycle(
  pairs: number,
  first: number,
  fields: { agency?: string; report?: string } = {},
): string {
  let inner = fields.agency ? `id ${fields.agency}` : 'id';
  const report = fields.report ? `${fields.report} ` : '';
  for (let i = 0; i < pairs; i++) inner = `reports { ${report}agency { ${inner} } }`;
  return `{ agencies(first: ${first}) { nodes { ${inner} } } }`;
}

/** A chain of `n` fragments, each spreading the next once. */
export function chainedFragments(n: number): string {
  const parts = [`{ agencies(first: 1) { nodes { ...C0 } } }`];
  for (let i = 0; i < n; i++) parts.push(`fragment C${i} on Agency { ...C${i + 1} }`);
  parts.push(`fragment C${n} on Agency { id }`);
  return parts.join('\n');
}

/** About `bytes` of distinct aliases. */
export function distinctAliases(bytes: number): string {
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const p = `x${i}: __typename `;
    parts.push(p);
    size += p.length;
  }
  return `{ ${parts.join('')}}`;
}
