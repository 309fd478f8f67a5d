/** The shape of a CLI command: one file per command under ./commands, registered in ./main. */
export interface CliCommand {
  name: string;
  /** One line for `gongkai help`. */
  summary: string;
  /** Usage text shown by `gongkai help <command>` and on bad arguments. */
  usage: string;
  /** Runs the command; resolves to the process exit code. */
  run(argv: string[]): Promise<number>;
}

/** Thrown for bad command-line arguments; the router prints the message and the usage. */
export class UsageError extends Error {
  override name = 'UsageError';
}
