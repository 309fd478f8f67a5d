/** The log's timestamps: pino's ISO format, the text up to the second made once a second. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLogger, isoTime } from '../../../src/server/logging';

test('isoTime gives the ISO time of the instant, as pino.stdTimeFunctions.isoTime would', () => {
  const base = Date.UTC(2026, 11, 4, 18, 10, 47, 0);
  // Across seconds, within one, and back to an earlier one (the kept text is for one second).
  for (const t of [
    base,
    base + 7,
    base + 45,
    base + 999,
    base + 1000,
    base + 1001,
    base + 123,
    0,
    base + 86_400_000,
  ]) {
    assert.equal(isoTime(t), `,"time":"${new Date(t).toISOString()}"`);
  }
});

test('a line carries its time as an ISO string', () => {
  const lines: string[] = [];
  const log = createLogger({ level: 'info', destination: { write: (l: string) => void lines.push(l) } });
  log.info('hello');
  const line = JSON.parse(lines[0]!) as { time: string; msg: string; service: string };
  assert.equal(new Date(line.time).toISOString(), line.time);
  assert.deepEqual([line.msg, line.service], ['hello', 'gongkai']);
});
