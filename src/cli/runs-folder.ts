/** The command line's side of core's runs-folder rule: `--runs DIR`, else ./.collab/runs of the working folder. */
import { runsDirIn } from '../core/run/location';

/** The runs folder a command reads or writes: `runs` (from --runs) resolved against `cwd`, else `<cwd>/.collab/runs`. */
export function cliRunsDir(runs: string | undefined, cwd = process.cwd()): string {
  return runsDirIn(cwd, runs);
}

/** The `--runs` line of every help that reads or writes runs. */
export const RUNS_OPTION_HELP = '  --runs DIR            runs folder (default ./.collab/runs in the working folder)';

/** The rule, as every run-reading command's help states it. */
export const RUNS_RULE_HELP = `Runs live in ./.collab/runs of the working folder, where \`collab train\` saves them (the workspace
folder's .collab/runs in VS Code); --runs DIR names another runs folder (relative or absolute).
RUN is a run folder, or the id of a run in the runs folder; without RUN the newest run there is used.`;
