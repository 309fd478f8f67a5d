/** package.json names only files that exist: `main` (if any) and every `bin`. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  main?: string;
  bin?: Record<string, string>;
};

test('main, when set, and every bin point at files that exist', () => {
  const files = [...(pkg.main ? [pkg.main] : []), ...Object.values(pkg.bin ?? {})];
  assert.ok(files.length > 0);
  for (const f of files) assert.ok(fs.existsSync(path.join(ROOT, f)), `${f} does not exist`);
});
