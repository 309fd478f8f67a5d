import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * pg_trgm for year-over-year text similarity (copy-pasted reports). Installed in public so every
 * schema of the database shares one copy; it is trusted, so a database owner may install it.
 */
export class TextSimilarity1763900000000 implements MigrationInterface {
  name = 'TextSimilarity1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public`);
  }

  async down(): Promise<void> {
    // pg_trgm stays: other schemas of the database may use it.
  }
}
