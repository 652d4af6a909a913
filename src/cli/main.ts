/**
 * `collab` command line over src/core. Each subcommand lives in src/cli/commands/<name>.ts and
 * exports `run(args: string[]): Promise<number>` (the exit code) and a one-line `summary`.
 */
import type { CliCommand } from './command';

// Lazy so that `collab inspect` never pays for loading the training engine.
const commands: Record<string, () => Promise<CliCommand>> = {
};

function usage(): string {
  return ['Usage: collab <command> [options]', '', 'Commands:', ...Object.keys(commands).map((c) => `  ${c}`),
    '', 'Run `collab <command> --help` for the options of one command.'].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    console.log(usage());
    return name ? 0 : 1;
  }
  const load = commands[name];
  if (!load) {
    console.error(`collab: unknown command '${name}'.\n\n${usage()}`);
    return 2;
  }
  const cmd = await load();
  return cmd.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err: unknown) => {
    console.error(`collab: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  },
);
