#!/usr/bin/env node
'use strict';
// Installed use runs the compiled CLI (npm run build); a source checkout without a build
// runs the TypeScript directly through @swc-node/register.
const path = require('node:path');
const fs = require('node:fs');
const compiled = path.join(__dirname, '..', 'dist', 'src', 'cli', 'main.js');
if (fs.existsSync(compiled)) {
  require(compiled);
} else {
  require('@swc-node/register');
  require(path.join(__dirname, '..', 'src', 'cli', 'main.ts'));
}
