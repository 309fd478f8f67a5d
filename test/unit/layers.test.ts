/**
 * The layers of src point one way (issue 12): read from the import statements of every source
 * file, so a loop that comes back fails here before anyone has to notice it.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

const SRC = path.join(__dirname, '..', '..', 'src');

interface Import {
  from: string;
  to: string;
  /** `import type …` or `import { type A, type B }`: gone at run time. */
  typeOnly: boolean;
}

const sources = (fs.readdirSync(SRC, { recursive: true }) as string[])
  .filter((f) => f.endsWith('.ts'))
  .map((f) => path.join(SRC, f));

function resolve(from: string, spec: string): string | undefined {
  const base = path.resolve(path.dirname(from), spec);
  return [`${base}.ts`, path.join(base, 'index.ts')].find((f) => fs.existsSync(f));
}

/** Relative imports and re-exports of every file under src. */
const IMPORTS: Import[] = sources.flatMap((file) => {
  const text = fs.readFileSync(file, 'utf8');
  const found: Import[] = [];
  const statement =
    /^(?:import|export)\s+(type\s+)?([^'";]*?)\s*from\s+['"](\.[^'"]+)['"]|^import\s+['"](\.[^'"]+)['"]|require\(['"](\.[^'"]+)['"]\)/gm;
  for (const m of text.matchAll(statement)) {
    const to = resolve(file, m[3] ?? m[4] ?? m[5]!);
    if (!to) continue;
    const names = (m[2] ?? '').trim();
    const allTypes =
      /^\{[^}]*\}$/s.test(names) &&
      names
        .replace(/[{}\s]/g, '')
        .split(',')
        .filter(Boolean)
        .every((n) => n.startsWith('type'));
    found.push({ from: file, to, typeOnly: Boolean(m[1]) || allTypes });
  }
  return found;
});

/** The top-level folder of src a file is in (`schema`, `resolvers`, …). */
const area = (file: string) => path.relative(SRC, file).split(path.sep)[0]!.replace(/\.ts$/, '');

const importsOf = (fromArea: string, toArea: string) =>
  IMPORTS.filter((i) => area(i.from) === fromArea && area(i.to) === toArea).map(
    (i) => `${path.relative(SRC, i.from)} → ${path.relative(SRC, i.to)}`,
  );

test('the scan reads the imports (a loop cannot hide behind an unread form)', () => {
  assert.ok(importsOf('resolvers', 'schema').length > 0, 'resolvers use the schema’s types');
  assert.ok(IMPORTS.some((i) => i.typeOnly) && IMPORTS.some((i) => !i.typeOnly));
});

test('src/schema imports nothing from src/resolvers or src/server, type imports included', () => {
  assert.deepEqual(importsOf('schema', 'resolvers'), []);
  assert.deepEqual(importsOf('schema', 'server'), []);
});

test('the loaders import no schema types', () => {
  assert.deepEqual(importsOf('loaders', 'schema'), []);
});

test('no two folders of src import each other, but the entities and the schema (the entities are its object types)', () => {
  const pairs = new Set(IMPORTS.map((i) => `${area(i.from)} ${area(i.to)}`));
  const both = [...pairs]
    .map((p) => p.split(' ') as [string, string])
    .filter(([a, b]) => a < b && pairs.has(`${b} ${a}`))
    .map(([a, b]) => `${a} ⇄ ${b}`);
  assert.deepEqual(both, ['entities ⇄ schema']);
});

test('no import cycle between files at run time', () => {
  const graph = new Map<string, string[]>();
  for (const i of IMPORTS.filter((x) => !x.typeOnly)) graph.set(i.from, [...(graph.get(i.from) ?? []), i.to]);
  const state = new Map<string, 'open' | 'done'>();
  const cycles: string[] = [];
  const visit = (file: string, trail: string[]) => {
    if (state.get(file) === 'done') return;
    if (state.get(file) === 'open') {
      cycles.push([...trail.slice(trail.indexOf(file)), file].map((f) => path.relative(SRC, f)).join(' → '));
      return;
    }
    state.set(file, 'open');
    for (const next of graph.get(file) ?? []) visit(next, [...trail, file]);
    state.set(file, 'done');
  };
  for (const file of sources) visit(file, []);
  assert.deepEqual(cycles, []);
});

test('SQL is sent only from src/db and src/analytics', () => {
  const sends =
    /\b(?:ds|em|db|manager|runner|queryRunner|client|reads|writer)\.query\(|\b(?:readQuery|preparedQuery)\(|\.getRepository\(|\.createQueryBuilder\(/;
  const sql = /\b(?:SELECT\s[\s\S]{0,400}?\sFROM\s|INSERT INTO\s|DELETE FROM\s|UPDATE\s+\w+\s+SET\s)/;
  const offenders = sources
    .filter((f) => !['db', 'analytics'].includes(area(f)))
    .filter((f) => {
      const text = fs.readFileSync(f, 'utf8');
      return sends.test(text) || sql.test(text);
    })
    .map((f) => path.relative(SRC, f));
  assert.deepEqual(offenders, []);
});
