import { type DataSource } from 'typeorm';

/** Whether the database answers (for /healthz): the smallest statement there is. */
export async function pingDatabase(ds: DataSource): Promise<void> {
  await ds.query('SELECT 1');
}
