/** `gongkai ingest --queue [--wait]`: one job per report for the workers, and the run's progress. */
import { SingleBar } from 'cli-progress';
import { type SkippedFile } from '../../ingest/batch';
import { type ManifestEntry } from '../../ingest/manifest';
import { enqueueFiles, type WaitProgress, waitForJobs } from '../../queue/ingest-queue';
import { formatSeconds, RateEstimator } from '../eta';
import { withQueue } from '../queue-session';

/** One bar for the whole run, whichever workers do the jobs; a plain line when it moves, off a terminal. */
function waitReporter(): { update(p: WaitProgress): void; stop(): void } {
  if (process.stderr.isTTY) {
    const bar = new SingleBar(
      {
        format:
          'workers [{bar}] {value}/{total} reports | {rate} reports/s | {active} running | {retry} to retry | {failed} failed | ETA {left}',
        stream: process.stderr,
        hideCursor: true,
      },
      undefined,
    );
    const started = performance.now();
    const estimator = new RateEstimator();
    let begun = false;
    return {
      update(p) {
        const elapsed = (performance.now() - started) / 1000;
        estimator.sample(p.done, elapsed);
        const rate = (estimator.rate() ?? p.done / Math.max(elapsed, 0.001)).toFixed(1);
        const payload = {
          rate,
          active: p.states.active,
          retry: p.states.retry,
          failed: p.failed,
          left: formatSeconds(estimator.secondsLeft(p.total)),
        };
        if (!begun) bar.start(p.total, p.done, payload);
        else bar.update(p.done, payload);
        begun = true;
      },
      stop: () => bar.stop(),
    };
  }
  let last = -1;
  return {
    update(p) {
      if (p.done === last) return;
      last = p.done;
      console.error(
        `[${p.done}/${p.total}] ${p.states.active} running, ${p.states.retry} to retry, ${p.failed} failed`,
      );
    },
    stop: () => undefined,
  };
}

export async function runQueuedIngest(
  files: readonly string[],
  manifest: Map<string, ManifestEntry> | undefined,
  skippedBefore: readonly SkippedFile[],
  opts: { wait: boolean },
): Promise<number> {
  return withQueue(async (queue, queueConfig) => {
    const enqueued = await enqueueFiles(queue, files, manifest);
    const skipped = [...skippedBefore, ...enqueued.skipped];
    console.log(
      `${files.length} file(s): ${enqueued.queued} queued, ${enqueued.alreadyQueued} already queued, ` +
        `${enqueued.skipped.length} not readable; ${skipped.length} skipped in all ` +
        `(queue schema ${queueConfig.schema}; run gongkai worker to load them)`,
    );
    for (const k of skipped) console.log(`  skipped ${k.file}: ${k.reason}`);
    if (!opts.wait) return skipped.length > 0 ? 1 : 0;

    const progress = waitReporter();
    const { progress: end, failures } = await waitForJobs(queue, enqueued.ids, {
      onProgress: (p) => progress.update(p),
    });
    progress.stop();
    console.log(
      `\n${end.total} job(s): ${end.states.completed} completed, ${end.failed} failed, ${end.states.cancelled} cancelled`,
    );
    for (const f of failures) {
      console.log(
        `  failed ${f.file}: ${f.reason} (after ${f.attempts} attempt(s)${f.final ? ', not retried: it would fail the same way' : ''})`,
      );
    }
    return end.failed > 0 || end.states.cancelled > 0 || skipped.length > 0 ? 1 : 0;
  });
}
