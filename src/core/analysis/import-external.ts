/** Whole models trained elsewhere: a Spark ALSModel folder, or implicit's .npz (with label files). */
import { statSync } from 'node:fs';
import { extname } from 'node:path';
import { isSparkModelDir, readSparkModel, SPARK_MODEL_PARTS, type ExternalModel } from './import-spark';
import { readImplicitNpz } from './import-npz';

/** Reads the model `paths` name when they are one, else undefined (plain embedding files). */
export async function readExternalModel(paths: string[]): Promise<ExternalModel | undefined> {
  const dirs = paths.filter((p) => statSync(p, { throwIfNoEntry: false })?.isDirectory());
  if (dirs.length > 0) {
    if (paths.length > 1) throw new Error('Import one Spark model folder at a time, without other files.');
    if (!isSparkModelDir(dirs[0])) throw new Error(`${dirs[0]} is a folder but not a Spark ALSModel (one holds ${SPARK_MODEL_PARTS.join('/, ')}/).`);
    return readSparkModel(dirs[0]);
  }
  const npz = paths.filter((p) => extname(p).toLowerCase() === '.npz');
  if (npz.length === 0) return undefined;
  if (npz.length > 1) throw new Error('Import one .npz at a time (its label files may go with it).');
  return readImplicitNpz(npz[0], paths.filter((p) => p !== npz[0]));
}
