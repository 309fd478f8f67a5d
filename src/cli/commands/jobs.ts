import { parseArgs } from 'node:util';
import { JOB_STATES } from '../../db/queue';
import { INGEST_QUEUE, queueStatus, retryFailed } from '../../queue/ingest-queue';
import { type CliCommand, UsageError } from '../command';
import { withQueue } from '../queue-session';

export const jobsCommand: CliCommand = {
  name: 'jobs',
  summary:
    'The ingest queue: jobs by state, and the failed ones with file and reason (--retry runs them again)',
  usage: `gongkai jobs [--limit n (default 50)] [--retry]

  Prints how many report jobs are in each state (created, retry, active, completed, cancelled,
  failed; kept and archived alike), then the jobs that failed for good and those waiting to be
  retried, each with its file, the reason of its last failure and its attempts (newest first, at
  most --limit). --retry runs every failed job once more (those not yet archived:
  GONGKAI_QUEUE_KEEP_FAILED_SECONDS).`,
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: { retry: { type: 'boolean' }, limit: { type: 'string' } },
      strict: true,
    });
    const limit = values.limit == null ? 50 : Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100_000) {
      throw new UsageError('--limit must be a whole number from 1 to 100000');
    }
    await withQueue(async (queue, queueConfig) => {
      if (values.retry) {
        console.log(`${await retryFailed(queue)} failed job(s) queued to run again`);
      }
      const { counts, problems } = await queueStatus(queue, limit);
      console.log(`queue ${INGEST_QUEUE} (schema ${queueConfig.schema})`);
      console.log(JOB_STATES.map((s) => `${s} ${counts[s]}`).join('  '));
      for (const p of problems) {
        const what = p.state === 'failed' ? 'failed' : 'retrying';
        console.log(
          `  ${what} ${p.file}: ${p.reason} (attempt ${p.attempts} of ${p.maxAttempts}${p.final ? ', not retried: it would fail the same way' : ''}${p.archived ? ', archived' : ''})`,
        );
      }
    });
    return 0;
  },
};
