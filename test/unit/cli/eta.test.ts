/** The ingest bar's time left, fed (done, elapsed) samples as batches commit; no clock is read. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatSeconds, RateEstimator } from '../../../src/cli/eta';

/** Samples of a run whose batches of `size` commit every `period` s, each report 10 µs after the last. */
function* bursts(total: number, size: number, period: (batch: number) => number) {
  let t = 0;
  for (let batch = 0, done = 0; done < total; batch++) {
    t += period(batch);
    for (let i = 0; i < size && done < total; i++) yield { done: ++done, elapsed: t + i * 1e-5 };
  }
}

describe('RateEstimator', () => {
  test('steady batches: no 0 s while work is left, then within 5% of the true time left', () => {
    const total = 2000;
    const e = new RateEstimator();
    assert.equal(e.secondsLeft(total), undefined, 'unknown before anything is done');
    for (const { done, elapsed } of bursts(total, 100, () => 2)) {
      e.sample(done, elapsed);
      const left = e.secondsLeft(total);
      if (done === total) assert.equal(left, 0);
      else if (elapsed < 4) assert.equal(left, undefined, `no estimate during the first batch (${done})`);
      else {
        // 100 reports every 2 s: 50 reports/s.
        const truth = (total - done) / 50;
        assert.ok(left !== undefined && left > 0, `done ${done}: ${left}`);
        assert.ok(
          Math.abs(left - truth) <= 0.05 * truth + 0.1,
          `done ${done}: ${left} s left, truly ${truth}`,
        );
      }
    }
  });

  test('one slow batch moves the estimate by a fraction, not by a factor', () => {
    const total = 3000;
    const e = new RateEstimator();
    const atBatchStart: number[] = [];
    // Batch 10 takes 8 s instead of 2.
    for (const { done, elapsed } of bursts(total, 100, (b) => (b === 10 ? 8 : 2))) {
      e.sample(done, elapsed);
      if (done % 100 === 1 && done > 200) atBatchStart.push(e.secondsLeft(total)!);
    }
    for (let i = 1; i < atBatchStart.length; i++) {
      const ratio = atBatchStart[i]! / atBatchStart[i - 1]!;
      assert.ok(ratio < 1.5, `batch ${i}: ${atBatchStart[i - 1]} s → ${atBatchStart[i]} s`);
    }
  });

  test('a lasting change of rate is followed within a few time constants', () => {
    const e = new RateEstimator({ timeConstant: 10 });
    let done = 0;
    for (let t = 1; t <= 30; t++) e.sample((done += 50), t);
    assert.ok(Math.abs(e.rate()! - 50) < 1e-9);
    for (let t = 31; t <= 60; t++) e.sample((done += 25), t);
    assert.ok(Math.abs(e.rate()! - 25) < 25 * 0.05, `rate ${e.rate()} after 30 s at 25/s`);
  });

  test('samples closer than minInterval are merged, never a rate over no time', () => {
    const e = new RateEstimator({ minInterval: 1 });
    e.sample(1, 5);
    for (let i = 2; i <= 500; i++) e.sample(i, 5);
    assert.equal(e.rate(), undefined);
    e.sample(501, 6);
    assert.equal(e.rate(), 500);
  });
});

test('formatSeconds', () => {
  assert.equal(formatSeconds(undefined), '?');
  assert.equal(formatSeconds(Infinity), '?');
  assert.equal(formatSeconds(24.6), '25s');
  assert.equal(formatSeconds(425), '7m05s');
  assert.equal(formatSeconds(3725), '1h02m');
});
