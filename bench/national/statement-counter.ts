/**
 * A TypeORM logger that counts the SQL statements a server sends (transaction control excluded,
 * as test/support/server.ts counts them), for the driver's statements-per-request figure.
 */
import { type Logger } from 'typeorm';

export class StatementCounter implements Logger {
  statements = 0;
  logQuery(query: string): void {
    if (!/^(START TRANSACTION|COMMIT|ROLLBACK)/.test(query)) this.statements++;
  }
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}
