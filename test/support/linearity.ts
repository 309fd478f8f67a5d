/**
 * Pathological inputs of size n for the parser's linear-work contract: the fuzz test counts the
 * work of n and 8n (test/unit/parser-fuzz.test.ts), `npm run bench:parse -- --linearity` times them.
 */
export function linearityPatterns(seed: string): Record<string, (n: number) => string> {
  const oneLine = seed.replace(/\s*\n\s*/g, '');
  return {
    'one line of empty cells': (n) => `${seed}\n${'| '.repeat(n * 2000)}`,
    'one line of numbers': (n) => `${seed}\n${'0 | '.repeat(n * 1000)}`,
    'many short numeric lines': (n) => `${seed}\n${'1\n'.repeat(n * 2000)}`,
    'many heading-like lines': (n) =>
      `${'二、主动公开政府信息情况\n一、本年新收政府信息公开申请数量\n'.repeat(n * 300)}${seed}`,
    'repeated reports': (n) => seed.repeat(n * 2),
    'spaces inside one cell': (n) => `${seed}\n规章${' 0'.repeat(n * 2000)} x`,
    'deep HTML nesting': (n) =>
      `<html><body>${'<div><p>'.repeat(n * 500)}${seed}${'</p></div>'.repeat(n * 500)}</body></html>`,
    'wide HTML table rows': (n) =>
      `<html><body><p>${seed.split('\n').join('</p><p>')}</p><table>${`<tr>${'<td colspan="64">1</td>'.repeat(20)}</tr>`.repeat(n * 20)}</table></body></html>`,
    'one-line text with glued digit runs': (n) =>
      `${oneLine}${'一、本年新收政府信息公开申请数量1234567891011121314'.repeat(n * 200)}`,
    'one-line text, one long digit run': (n) => `${oneLine}行政许可${'1'.repeat(n * 4000)}`,
  };
}
