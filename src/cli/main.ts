/**
 * `collab` command line over src/core. Each subcommand lives in src/cli/commands/<name>.ts and
 * exports `run(args: string[]): Promise<number>` (the exit code) and a one-line `summary`.
 */
import type { CliCommand } from './command';

// Lazy so that `collab inspect` never pays for loading the training engine.
const commands: Record<string, () => Promise<CliCommand>> = {
  inspect: () => import('./commands/inspect').then((m) => m.default),
  sample: () => import('./commands/sample').then((m) => m.default),
  train: () => import('./commands/train').then((m) => m.default),
  demo: () => import('./commands/demo').then((m) => m.default),
  biases: () => import('./commands/biases').then((m) => m.default),
  neighbours: () => import('./commands/neighbours').then((m) => m.default),
  pca: () => import('./commands/pca').then((m) => m.default),
  project: () => import('./commands/project').then((m) => m.default),
  predict: () => import('./commands/predict').then((m) => m.default),
  recommend: () => import('./commands/recommend').then((m) => m.default),
  questionnaire: () => import('./commands/questionnaire').then((m) => m.default),
  export: () => import('./commands/export').then((m) => m.default),
  import: () => import('./commands/import').then((m) => m.default),
  evaluate: () => import('./commands/evaluate').then((m) => m.default),
  tune: () => import('./commands/tune').then((m) => m.default),
  'lr-find': () => import('./commands/lr-find').then((m) => m.default),
  notebook: () => import('./commands/notebook').then((m) => m.default),
  'spark-job': () => import('./commands/spark-job').then((m) => m.default),
};

/** The command list with each command's one-line summary (loads every command module: help only). */
async function usage(): Promise<string> {
  const names = Object.keys(commands);
  const summaries = await Promise.all(names.map(async (name) => (await commands[name]()).summary));
  const width = Math.max(...names.map((n) => n.length)) + 2;
  return ['Usage: collab <command> [options]', '', 'Commands:',
    ...names.map((name, i) => `  ${name.padEnd(width)}${summaries[i]}`),
    '', 'Runs are saved in and read from ./.collab/runs of the working folder; --runs DIR names another.',
    'Run `collab <command> --help` for the options of one command.'].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    console.log(await usage());
    return name ? 0 : 1;
  }
  const load = commands[name];
  if (!load) {
    console.error(`collab: unknown command '${name}'.\n\n${await usage()}`);
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
