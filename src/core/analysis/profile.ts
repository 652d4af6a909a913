/**
 * A person's ratings saved as a named profile, `.collab/profiles/<name>.json`, so they can be
 * reopened against any run of the same data: each rating keeps the item's label and, when the run
 * has one, its raw source id (looked up first, so a retitled item still matches).
 *   { "version": 1, "name": "me", "savedAt": "...", "run": "<run id>", "ratings": [{ "item": "Heat (1995)", "id": "6", "rating": 4 }] }
 */
import type { RatingInput, ResolvedRating } from './person';

export const PROFILE_VERSION = 1;

/** One saved rating. */
export interface ProfileRating {
  item: string;
  id?: string;
  rating: number;
}

export interface Profile {
  version: number;
  name: string;
  savedAt: string;
  /** The run the ratings were made against (informational). */
  run?: string;
  ratings: ProfileRating[];
}

/** Profile names: letters, digits, '.', '_' and '-' (they become file names). */
export function checkProfileName(name: string): string | null {
  return /^[\w][\w.-]{0,63}$/.test(name) ? null : `a profile name is 1-64 letters, digits, '.', '_' or '-' (not '${name.slice(0, 80)}')`;
}

/** The profile of resolved ratings; `ids` gives the raw source id per item vocab index when the run has them. */
export function makeProfile(name: string, ratings: readonly ResolvedRating[], run: string | undefined, ids: readonly string[] | undefined, now = new Date()): Profile {
  return {
    version: PROFILE_VERSION, name, savedAt: now.toISOString(), ...(run ? { run } : {}),
    ratings: ratings.map((r) => ({ item: r.label, ...(ids?.[r.item] !== undefined && ids[r.item] !== r.label ? { id: ids[r.item] } : {}), rating: r.rating })),
  };
}

/** Parses a profile file's text; throws an Error naming the file and what is wrong when it is damaged. */
export function parseProfile(text: string, file: string): Profile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new Error(`The profile ${file} is damaged: it is not JSON (${(err as Error).message}).`);
  }
  const bad = (what: string): never => { throw new Error(`The profile ${file} is damaged: ${what}.`); };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) bad('it is not an object');
  const o = raw as Record<string, unknown>;
  if (o.version !== PROFILE_VERSION) bad(`its version is ${JSON.stringify(o.version)}, expected ${PROFILE_VERSION}`);
  if (typeof o.name !== 'string') bad('it has no name');
  if (!Array.isArray(o.ratings)) bad('"ratings" is not a list');
  const ratings = (o.ratings as unknown[]).map((r, i) => {
    const x = r as Record<string, unknown>;
    if (typeof r !== 'object' || r === null || typeof x.item !== 'string' || typeof x.rating !== 'number' || !Number.isFinite(x.rating)
      || (x.id !== undefined && typeof x.id !== 'string')) {
      return bad(`rating ${i + 1} needs "item" (text) and "rating" (a number)`);
    }
    return { item: x.item, rating: x.rating, ...(typeof x.id === 'string' ? { id: x.id } : {}) };
  });
  return {
    version: PROFILE_VERSION, name: o.name as string, savedAt: typeof o.savedAt === 'string' ? o.savedAt : '',
    ...(typeof o.run === 'string' ? { run: o.run } : {}), ratings,
  };
}

/** The profile's ratings as typed ratings: the raw id when the run knows it (`hasId`), else the label. */
export function profileInputs(profile: Profile, hasId: (id: string) => boolean): RatingInput[] {
  return profile.ratings.map((r) => ({ item: r.id !== undefined && hasId(r.id) ? r.id : r.item, rating: r.rating }));
}
