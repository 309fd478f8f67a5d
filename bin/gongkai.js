#!/usr/bin/env node
'use strict';
const path = require('node:path');
const fs = require('node:fs');

// `gongkai ingest` is a long batch job. Under V8's default heap sizing on a large machine its
// garbage (parse trees, statement buffers freed only by full collections) let the process reach
// ~700 MiB at 100,000 reports; with a heap limit and a larger young generation it stays near
// 400 MiB at about the same speed (BENCHMARKS.md, "Ingest memory"). V8 takes these flags only at start,
// so the ingest runs in a child Node that has them, unless the user chose heap flags already.
const INGEST_NODE_FLAGS = require('./ingest-node-flags.json');
const args = process.argv.slice(2);
const chosen = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].join(' ');
if (args[0] === 'ingest' && !/--max-(old|semi)-space-size/.test(chosen)) {
  const { spawn } = require('node:child_process');
  const child = spawn(process.execPath, [...process.execArgv, ...INGEST_NODE_FLAGS, __filename, ...args], {
    stdio: 'inherit',
  });
  // A terminal's Ctrl-C reaches the child itself (same process group); SIGTERM and SIGHUP sent
  // to this process (a supervisor, `kill`) are passed on, so the ingest is never left orphaned.
  process.on('SIGINT', () => {});
  for (const signal of ['SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('error', (e) => {
    console.error(e);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    // Die of the child's signal the way it did; else its exit code.
    if (signal) {
      process.removeAllListeners(signal);
      process.kill(process.pid, signal);
    } else process.exit(code ?? 1);
  });
} else {
  // Installed use runs the compiled CLI (npm run build); a source checkout without a build
  // runs the TypeScript directly through @swc-node/register.
  const compiled = path.join(__dirname, '..', 'dist', 'src', 'cli', 'main.js');
  if (fs.existsSync(compiled)) {
    require(compiled).runMain();
  } else {
    require('@swc-node/register');
    require(path.join(__dirname, '..', 'src', 'cli', 'main.ts')).runMain();
  }
}
