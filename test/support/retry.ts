/** Bounded waits: a number of tries, never a timed assertion. */
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';

/** Poll until `check` holds, at most `tries` times; returns whether it did. */
export async function poll(
  check: () => Promise<boolean> | boolean,
  tries = 600,
  pauseMs = 100,
): Promise<boolean> {
  for (let i = 0; i < tries; i++) {
    if (await check()) return true;
    await sleep(pauseMs);
  }
  return false;
}

/** Ask until `ok` holds, at most `tries` times; fails the test with the last answer otherwise. */
export async function until<T>(
  what: string,
  get: () => Promise<T>,
  ok: (v: T) => boolean,
  { tries = 400, pauseMs = 25 }: { tries?: number; pauseMs?: number } = {},
): Promise<T> {
  let last: T | undefined;
  for (let i = 0; i < tries; i++) {
    last = await get();
    if (ok(last)) return last;
    await sleep(pauseMs);
  }
  assert.fail(`${what}: not after ${tries} tries (last: ${JSON.stringify(last)})`);
}
