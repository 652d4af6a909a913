/** `collab spark-job RUN --out DIR`: the run's settings as a PySpark ALS script plus a README. */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { LoadedRun } from '../run/types';
import { sniffFile } from '../csv/sniff';
import { NA_LABEL } from '../analysis/embeddings';
import { SPARK_MAPPINGS, sparkJobScript, type SparkColumn, type SparkJobSpec } from './job-script';

/** The file names the job folder holds. */
export const SPARK_JOB_FILES = { script: 'collab_als.py', readme: 'README.md' } as const;

const INT_MAX = 2 ** 31 - 1;

/** True when every id (bar '#na#') is a canonical non-negative integer ALS can take as it is. */
export function integerIds(ids: readonly string[]): boolean {
  return ids.every((id) => id === NA_LABEL || (/^(0|[1-9]\d{0,9})$/.test(id) && Number(id) <= INT_MAX));
}

/** Builds the job's spec from a trained run; header names are read from the source file when it is still there. */
export async function sparkJobSpec(run: LoadedRun): Promise<SparkJobSpec> {
  const { source, config, vocab, split } = run.manifest;
  if (!source || !config) throw new Error(`Run ${run.manifest.id} was not trained from a ratings file here (an imported run?), so there is no job to write.`);
  const { mapping, format } = source;
  const notes: string[] = [];
  let names: string[] | undefined;
  if (format.hasHeader && existsSync(source.path)) {
    const sniff = await sniffFile(source.path, { delimiter: format.delimiter, hasHeader: true, encoding: format.encoding });
    names = sniff.columns.map((c) => c.name);
  } else if (format.hasHeader) {
    notes.push(`${basename(source.path)} was not found when the job was written, so columns are chosen by position.`);
  }
  const col = (index: number): SparkColumn => names?.[index] ?? index;
  const kind = split?.kind ?? 'random';
  const hasTime = mapping.timestamp !== undefined;
  let sparkSplit: SparkJobSpec['split'] = 'random';
  if ((kind === 'temporal' || kind === 'user-last') && hasTime) sparkSplit = kind;
  else if (kind !== 'random') notes.push(`The run's '${kind}' split is replaced by a random split of the same share.`);
  notes.push('randomSplit draws its own rows from the same seed: the validation rows are not the run\'s, so compare RMSE loosely.');
  notes.push(`regParam is the run's wd (${config.wd}); ALS's L2 penalty (scaled per rating) is not AdamW's decoupled decay, so tune it.`);
  const maxIter = Math.max(10, config.epochs);
  notes.push(`maxIter ${maxIter}: ALS iterations are not SGD epochs (the run trained ${config.epochs}); ALS usually settles in about 10.`);
  if (config.model === 'nn') notes.push(`The run is an NN model; ALS is a dot model of rank ${config.factors} (the run's factors setting).`);
  if (format.delimiter === 'whitespace' || format.sepLine) notes.push('The file is read through Spark\'s text reader (UTF-8) to split on blanks or skip its sep= line.');
  return {
    runId: run.manifest.id, input: source.path, format,
    columns: { user: col(mapping.user), item: col(mapping.item), rating: col(mapping.rating), ...(hasTime ? { timestamp: col(mapping.timestamp!) } : {}) },
    indexUsers: !integerIds(vocab.users), indexItems: !integerIds(vocab.itemIds ?? vocab.items),
    rank: config.factors, regParam: config.wd, maxIter, validFraction: split?.validPct ?? config.validPct, seed: config.seed,
    split: sparkSplit, holdout: split?.holdout ?? 1, notes,
  };
}

/** Writes collab_als.py and README.md into outDir; returns the paths written. */
export async function writeSparkJob(run: LoadedRun, outDir: string): Promise<string[]> {
  const spec = await sparkJobSpec(run);
  await mkdir(outDir, { recursive: true });
  const files: [string, string][] = [[SPARK_JOB_FILES.script, sparkJobScript(spec)], [SPARK_JOB_FILES.readme, jobReadme(spec)]];
  for (const [name, text] of files) await writeFile(join(outDir, name), text);
  return files.map(([name]) => join(outDir, name));
}

function jobReadme(spec: SparkJobSpec): string {
  const file = basename(spec.input);
  return `# Spark ALS job for Collab run ${spec.runId}

\`collab_als.py\` trains Spark MLlib's ALS (rank ${spec.rank}, regParam ${spec.regParam}, maxIter ${spec.maxIter},
explicit ratings, coldStartStrategy "drop") on \`${file}\` read as Collab read it, holds out
${Math.round(spec.validFraction * 1000) / 10}% of the rows (${spec.split} split, seed ${spec.seed}), prints the validation RMSE and saves:

- \`OUT/\`: the ALSModel (\`model.save\`: \`metadata/\`, \`userFactors/\`, \`itemFactors/\`), loadable with \`ALSModel.load(OUT)\`;
- \`OUT/${SPARK_MAPPINGS.users}/\`, \`OUT/${SPARK_MAPPINGS.items}/\`: \`index,id\` CSV for ids that were StringIndexed
  (users: ${spec.indexUsers ? 'yes' : 'no, integer ids are used as they are'}; items: ${spec.indexItems ? 'yes' : 'no, integer ids are used as they are'});
- \`OUT/collab/metrics/\`: the validation RMSE and row counts as JSON.

## Locally

Needs Java 17 and PySpark (\`pip install pyspark\`, which brings \`spark-submit\`):

\`\`\`sh
spark-submit --master 'local[*]' --driver-memory 8g collab_als.py --out als-model
collab import --spark als-model --out als-run      # back into Collab's panels
\`\`\`

## On a cluster

Put the ratings file where the executors can read it, then for example on YARN:

\`\`\`sh
hdfs dfs -put ${file} /data/${file}
spark-submit --master yarn --deploy-mode cluster --num-executors 20 --executor-cores 4 --executor-memory 16g \\
  collab_als.py --input hdfs:///data/${file} --out hdfs:///models/collab-als
hdfs dfs -get /models/collab-als als-model && collab import --spark als-model --out als-run
\`\`\`

(Kubernetes: \`--master k8s://https://HOST:443 --deploy-mode cluster --conf spark.kubernetes.container.image=...\`;
S3: \`--input s3a://bucket/${file}\`.) \`--rank\`, \`--reg-param\`, \`--max-iter\` and \`--overwrite\` change the run's settings.

## What differs from the Collab run

${spec.notes.map((n) => `- ${n}`).join('\n')}
`;
}
