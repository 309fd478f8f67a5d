/**
 * A command's session with the ingest queue: the database found as every command finds it, the
 * queue on it, both closed afterwards whatever happens (gongkai ingest --queue, gongkai jobs).
 */
import { loadConfig } from '../config';
import { loadQueueConfig, type QueueConfig } from '../config/queue';
import { openDatabase } from '../db/bootstrap';
import { type IngestQueue, openQueue } from '../queue/ingest-queue';

export async function withQueue<T>(use: (queue: IngestQueue, config: QueueConfig) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const queueConfig = loadQueueConfig(process.env, config.databaseSchema);
  const db = await openDatabase(config, { log: (m) => console.error(m) });
  try {
    // Not supervising: these commands offer or read jobs; maintenance is the workers' part.
    const queue = await openQueue(db.ds, queueConfig, { supervise: false });
    try {
      return await use(queue, queueConfig);
    } finally {
      await queue.stop();
    }
  } finally {
    await db.close();
  }
}
