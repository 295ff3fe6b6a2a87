/** A CLI command: gets its own argv (after the command name), returns the exit code. */
export interface Command {
  summary: string;
  usage: string;
  run(argv: string[]): Promise<number>;
}
