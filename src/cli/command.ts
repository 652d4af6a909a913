/** The shape of one `collab` subcommand. */
export interface CliCommand {
  /** One line for `collab --help`. */
  summary: string;
  /** Runs the command with its arguments; resolves to the process exit code. */
  run(args: string[]): Promise<number>;
}
