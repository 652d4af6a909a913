/**
 * Saved views of the projection (the Embedding Projector's bookmarks): `<run folder>/views/<name>.json`,
 * written atomically (temp file, one rename), validated field by field on read (a view file is user
 * data: anything unknown is dropped, anything malformed is an error naming the file). The colour and
 * filter settings are kept as a bounded plain object, so other views' fields (colour by metadata)
 * ride along without this module knowing them.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AxisSpec, ProjectionMethod, SavedView, SetSpec, ViewProjection } from './types';
import { PROJECTION_METHODS } from './job';

export type { SavedView, ViewProjection };

export const MAX_VIEW_ROWS = 10000;
const MAX_DISPLAY_JSON = 20000;
const MAX_TEXT = 1000;

/** Why a view name cannot be a file name, or undefined when it can. */
export function checkViewName(name: string): string | undefined {
  if (!/^[\w][\w .()-]{0,63}$/.test(name) || name.endsWith(' ') || name.endsWith('.')) {
    return 'A view name is 1-64 letters, digits, spaces, dots, dashes, underscores or brackets, starting with a letter or digit.';
  }
  return undefined;
}

/** The views folder of a run. */
export function viewsDir(runDir: string): string {
  return join(runDir, 'views');
}

/** Saves a view (its name checked, the object validated); returns the file. */
export function saveView(runDir: string, view: SavedView): string {
  const bad = checkViewName(view.name);
  if (bad) throw new RangeError(bad);
  const clean = parseView(JSON.parse(JSON.stringify(view)) as unknown, view.name);
  const dir = viewsDir(runDir);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${view.name}.json`);
  const temp = `${file}.tmp-${process.pid}-${Date.now()}`;
  writeFileSync(temp, `${JSON.stringify(clean, null, 1)}\n`);
  renameSync(temp, file);
  return file;
}

/** Reads one view by name; an Error naming the file when it is missing or malformed. */
export function readView(runDir: string, name: string): SavedView {
  const bad = checkViewName(name);
  if (bad) throw new RangeError(bad);
  const file = join(viewsDir(runDir), `${name}.json`);
  if (!existsSync(file)) throw new Error(`No saved view '${name}' in this run.`);
  let raw: unknown;
  try { raw = JSON.parse(readFileSync(file, 'utf8')); } catch (error) { throw new Error(`${file} is not JSON: ${(error as Error).message}`); }
  try { return parseView(raw, name); } catch (error) { throw new Error(`${file}: ${(error as Error).message}`); }
}

/** The run's views, newest first; unreadable ones listed with their error. */
export function listViews(runDir: string): { name: string; savedAt?: string; method?: ProjectionMethod; error?: string }[] {
  let names: string[];
  try { names = readdirSync(viewsDir(runDir)).filter((n) => n.endsWith('.json')); } catch { return []; }
  return names.map((n) => {
    const name = n.slice(0, -5);
    const time = statSync(join(viewsDir(runDir), n)).mtimeMs;
    try {
      const v = readView(runDir, name);
      return { name, savedAt: v.savedAt, method: v.projection.method, time };
    } catch (error) {
      return { name, error: (error as Error).message, time };
    }
  }).sort((a, b) => b.time - a.time || a.name.localeCompare(b.name)).map(({ time: _t, ...rest }) => rest);
}

type Fields = Record<string, unknown>;
const isObject = (v: unknown): v is Fields => typeof v === 'object' && v !== null && !Array.isArray(v);

function fail(message: string): never { throw new Error(message); }

function num(v: unknown, what: string, min = -Infinity, max = Infinity): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) fail(`${what} must be a number in [${min}, ${max}]`);
  return v;
}

function str(v: unknown, what: string): string {
  if (typeof v !== 'string' || v.length > MAX_TEXT) fail(`${what} must be text of at most ${MAX_TEXT} characters`);
  return v;
}

function rows(v: unknown, what: string): number[] {
  if (!Array.isArray(v) || v.length > MAX_VIEW_ROWS || !v.every((i) => Number.isSafeInteger(i) && (i as number) >= 0)) fail(`${what} must be at most ${MAX_VIEW_ROWS} row indices`);
  return v as number[];
}

function range(v: unknown, what: string): [number, number] {
  if (!Array.isArray(v) || v.length !== 2) fail(`${what} must be [from, to]`);
  return [num(v[0], what), num(v[1], what)];
}

/** A set of rows named by titles, a search or a metadata value. */
export function parseSet(v: unknown, what: string): SetSpec {
  if (!isObject(v)) fail(`${what} must be an object`);
  if (v.kind === 'titles') {
    if (!Array.isArray(v.titles) || v.titles.length === 0 || v.titles.length > 200) fail(`${what}.titles must list 1-200 titles`);
    return { kind: 'titles', titles: v.titles.map((t, i) => str(t, `${what}.titles[${i}]`)) };
  }
  if (v.kind === 'search') return { kind: 'search', text: str(v.text, `${what}.text`) };
  if (v.kind === 'metadata') return { kind: 'metadata', field: str(v.field, `${what}.field`), value: str(v.value, `${what}.value`) };
  return fail(`${what}.kind must be titles, search or metadata`);
}

/** An axis: a direction between two sets, or a principal component. */
export function parseAxis(v: unknown, what: string): AxisSpec {
  if (!isObject(v)) fail(`${what} must be an object`);
  if (v.kind === 'component') return { kind: 'component', component: Math.round(num(v.component, `${what}.component`, 0, 9)) };
  if (v.kind === 'direction') return { kind: 'direction', from: parseSet(v.from, `${what}.from`), to: parseSet(v.to, `${what}.to`) };
  return fail(`${what}.kind must be direction or component`);
}

/** The projection settings, known fields only. */
export function parseViewProjection(v: unknown): ViewProjection {
  if (!isObject(v)) fail('projection must be an object');
  if (!(PROJECTION_METHODS as readonly unknown[]).includes(v.method)) fail(`projection.method must be one of ${PROJECTION_METHODS.join(', ')}`);
  if (v.side !== 'items' && v.side !== 'users') fail('projection.side must be items or users');
  const p: ViewProjection = {
    method: v.method as ProjectionMethod, side: v.side,
    top: Math.round(num(v.top, 'projection.top', 2, MAX_VIEW_ROWS)), seed: Math.round(num(v.seed ?? 42, 'projection.seed', 0, 2 ** 31)),
  };
  if (v.subset !== undefined) p.subset = rows(v.subset, 'projection.subset');
  if (v.components !== undefined) {
    const [a, b] = range(v.components, 'projection.components');
    p.components = [Math.round(num(a, 'projection.components', 0, 9)), Math.round(num(b, 'projection.components', 0, 9))];
  }
  if (isObject(v.umap)) {
    p.umap = {};
    if (v.umap.neighbours !== undefined) p.umap.neighbours = Math.round(num(v.umap.neighbours, 'projection.umap.neighbours', 2, 200));
    if (v.umap.minDist !== undefined) p.umap.minDist = num(v.umap.minDist, 'projection.umap.minDist', 0, 10);
  }
  if (isObject(v.tsne)) {
    p.tsne = {};
    if (v.tsne.perplexity !== undefined) p.tsne.perplexity = num(v.tsne.perplexity, 'projection.tsne.perplexity', 2, 100);
  }
  if (v.custom !== undefined) {
    if (!isObject(v.custom)) fail('projection.custom must be an object');
    p.custom = { x: parseAxis(v.custom.x, 'projection.custom.x'), y: parseAxis(v.custom.y, 'projection.custom.y') };
  }
  if (p.method === 'custom' && !p.custom) fail('a custom projection needs projection.custom');
  return p;
}

/** A whole view; `name` is the file's (the name inside must agree). */
export function parseView(raw: unknown, name: string): SavedView {
  if (!isObject(raw)) fail('a view must be an object');
  if (raw.version !== 1) fail('version must be 1');
  if (raw.name !== name) fail(`name must be '${name}'`);
  const display = raw.display ?? {};
  if (!isObject(display) || JSON.stringify(display).length > MAX_DISPLAY_JSON) fail(`display must be an object of at most ${MAX_DISPLAY_JSON} characters`);
  const view: SavedView = {
    version: 1, name, savedAt: typeof raw.savedAt === 'string' ? raw.savedAt.slice(0, 40) : '',
    projection: parseViewProjection(raw.projection), display: display as Record<string, unknown>,
  };
  if (raw.zoom !== undefined && raw.zoom !== null) {
    if (!isObject(raw.zoom)) fail('zoom must be an object');
    view.zoom = { x: range(raw.zoom.x, 'zoom.x'), y: range(raw.zoom.y, 'zoom.y') };
  }
  if (raw.selection !== undefined) view.selection = rows(raw.selection, 'selection');
  return view;
}
