/**
 * Profiles on disk, `.collab/profiles/<name>.json` beside the runs folder: written atomically (a
 * temp file, then one rename), read back with a clear error, listed for a picker. One home for the
 * CLI's --save-profile / --profile and the Recommend view's Save / Open.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { checkProfileName, makeProfile, parseProfile, profileInputs, type Profile } from './profile';
import { resolveRatings, type ResolvedRating } from './person';
import type { AnalysisIndex } from './analysis-index';

/** The profiles folder beside a runs folder (`.collab/runs` -> `.collab/profiles`). */
export function profilesDirFor(runsDir: string): string {
  return join(dirname(runsDir), 'profiles');
}

/** The file of profile `name` (or `name` itself when it is a path to a .json file). */
export function profileFile(profilesDir: string, name: string): string {
  return /[\\/]|\.json$/i.test(name) ? name : join(profilesDir, `${name}.json`);
}

/** Saves `ratings` as profile `name` of run `index`; returns the file. Throws on a bad name. */
export function saveProfile(profilesDir: string, name: string, ratings: readonly ResolvedRating[], index: AnalysisIndex): string {
  const bad = checkProfileName(name);
  if (bad) throw new RangeError(bad);
  const file = join(profilesDir, `${name}.json`);
  mkdirSync(profilesDir, { recursive: true });
  const temp = `${file}.tmp-${process.pid}-${Date.now()}`;
  writeFileSync(temp, `${JSON.stringify(makeProfile(name, ratings, index.run.manifest.id, index.run.manifest.vocab.itemIds), null, 1)}\n`);
  renameSync(temp, file);
  return file;
}

/** Reads a profile file; a missing or damaged one is an Error naming the file. */
export function readProfile(file: string): Profile {
  if (!existsSync(file)) throw new Error(`No profile ${file} (save one first).`);
  return parseProfile(readFileSync(file, 'utf8'), file);
}

/** A profile's ratings resolved against run `index`, one by one: those it knows, and the items it does not. */
export function profileRatings(profile: Profile, index: AnalysisIndex): { ratings: ResolvedRating[]; missing: string[] } {
  const byId = index.side('items').byId;
  const ratings: ResolvedRating[] = [];
  const missing: string[] = [];
  for (const input of profileInputs(profile, (id) => byId?.has(id) ?? false)) {
    const one = resolveRatings(index, [input]);
    if (one.ok && !ratings.some((r) => r.item === one.ratings[0].item)) ratings.push(one.ratings[0]);
    else if (!one.ok) missing.push(input.item);
  }
  return { ratings, missing };
}

/** The profiles in a folder, newest first (unreadable files are listed with their error). */
export function listProfiles(profilesDir: string): { name: string; file: string; savedAt?: string; ratings?: number; error?: string }[] {
  let names: string[];
  try {
    names = readdirSync(profilesDir).filter((n) => n.endsWith('.json'));
  } catch {
    return [];
  }
  return names.map((n) => {
    const file = join(profilesDir, n);
    try {
      const p = readProfile(file);
      return { name: p.name, file, savedAt: p.savedAt, ratings: p.ratings.length, time: statSync(file).mtimeMs };
    } catch (error) {
      return { name: n.replace(/\.json$/, ''), file, error: (error as Error).message, time: 0 };
    }
  }).sort((a, b) => b.time - a.time).map(({ time: _t, ...rest }) => rest);
}
