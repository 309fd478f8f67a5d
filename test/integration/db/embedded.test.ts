/**
 * The embedded Postgres says why it did not start: Postgres' own words, the port and the data
 * folder, and what the user can do.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { startEmbeddedPostgres } from '../../../src/db/embedded';
import { holdPort } from '../../support/ports';

test(
  'a port in use: the error names the port and the folder, and quotes Postgres',
  { timeout: 120_000 },
  async () => {
    const held = await holdPort();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-embedded-busy-'));
    try {
      await assert.rejects(
        startEmbeddedPostgres({ dataDir, port: held.port, ephemeral: true }),
        (e: Error) => {
          assert.match(e.message, new RegExp(`did not start on port ${held.port} \\(data in ${dataDir}`));
          assert.match(e.message, /Postgres said: .*(could not (bind|create)|Address already in use)/);
          assert.match(e.message, /Set GONGKAI_EMBEDDED_PG_PORT, or GONGKAI_DATABASE_URL/);
          return true;
        },
      );
    } finally {
      await held.release();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  },
);
