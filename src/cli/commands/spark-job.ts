/** `collab spark-job [RUN] --out DIR [--json]` */
import type { CliCommand } from '../command';
import { writeSparkJob } from '../../core/spark/job';
import { cliRunsDir, RUNS_RULE_HELP } from '../runs-folder';
import { parseCommandArgs, printJson, resolveRun, runCommand, UsageError } from './analysis-common';

const HELP = `Usage: collab spark-job [RUN] --out DIR [--runs DIR] [--json]

Writes a PySpark script (collab_als.py) that trains Spark MLlib's ALS on the run's ratings file, read
with the CSV options and columns Collab used (StringIndexer where ids are not integers), with the
run's factors as rank, its validation share and seed, and prints the validation RMSE; it saves the
ALSModel and the id mappings, which \`collab import --spark\` brings back. README.md beside it says
how to run it with spark-submit locally and on a cluster.

${RUNS_RULE_HELP}`;

const command: CliCommand = {
  summary: 'write a PySpark ALS job for a run\'s data and settings (for data beyond one machine)',
  run: (args) => runCommand(HELP, async () => {
    const { values, positionals } = parseCommandArgs(args, { out: { type: 'string' } });
    if (values.help) { console.log(HELP); return 0; }
    if (!values.out) throw new UsageError('--out DIR is required.');
    const { run } = await resolveRun(positionals, 0, cliRunsDir(values.runs));
    const files = await writeSparkJob(run, values.out);
    if (values.json) { printJson({ run: run.manifest.id, files }); return 0; }
    console.log(`Wrote the Spark ALS job of run ${run.manifest.id}:\n${files.map((f) => `  ${f}`).join('\n')}`);
    return 0;
  }),
};

export default command;
