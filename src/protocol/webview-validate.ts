/**
 * Checking what a webview sends before the extension host acts on it. A webview renders text from
 * user files, so the host treats its messages and its saved state as untrusted input: known message
 * types only, fields of the right type, numbers finite and clamped to PANEL_LIMITS, strings bounded,
 * and saved run folders only inside the roots the host allows. Pure (node:path only, no vscode).
 */
import { isAbsolute, relative, resolve } from 'node:path';
import {
  PANEL_LIMITS, type PanelMetric, type PanelSide, type PanelState, type PanelTarget, type PanelViewName, type WebviewToHost,
} from './webview';
import { parseProjectionRequest, ProjectionRefused } from './projection-validate';
import { parseMetaRequest } from './webview-validate-meta';

/** Longest text a webview may send (a typed query, a filter, a label). */
export const MAX_MESSAGE_TEXT = 1000;
/** Most runs one compare panel may reopen. */
export const MAX_COMPARE_RUNS = 20;

const SIDES: readonly PanelSide[] = ['items', 'users'];
const METRICS: readonly PanelMetric[] = ['cosine', 'euclidean'];
const VIEWS: readonly PanelViewName[] = ['loss', 'biases', 'neighbours', 'pca', 'recommend', 'data'];

/** A parsed message, or why it was refused (with its request id when it had a valid one, so the host can reply). */
export type ParsedMessage = { ok: true; message: WebviewToHost } | { ok: false; error: string; messageId?: number };

type Fields = Record<string, unknown>;

/** Thrown inside the parser; becomes `{ ok: false }`. */
class Refused extends Error {}

const isObject = (v: unknown): v is Fields => typeof v === 'object' && v !== null && !Array.isArray(v);
const own = (o: Fields, key: string): unknown => (Object.prototype.hasOwnProperty.call(o, key) ? o[key] : undefined);

function oneOf<T extends string>(o: Fields, key: string, allowed: readonly T[]): T {
  const v = own(o, key);
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) throw new Refused(`${key} must be one of ${allowed.join(', ')}`);
  return v as T;
}

function text(o: Fields, key: string, optional = false): string {
  const v = own(o, key);
  if (v === undefined && optional) return '';
  if (typeof v !== 'string') throw new Refused(`${key} must be text`);
  if (v.length > MAX_MESSAGE_TEXT) throw new Refused(`${key} is longer than ${MAX_MESSAGE_TEXT} characters`);
  return v;
}

/** A finite number rounded and clamped to [min, max]. */
function count(o: Fields, key: string, min: number, max: number): number {
  const v = own(o, key);
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new Refused(`${key} must be a finite number`);
  return Math.max(min, Math.min(max, Math.round(v)));
}

function index(o: Fields, key: string): number {
  const v = own(o, key);
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw new Refused(`${key} must be a whole number >= 0`);
  return v;
}

function params(o: Fields): Fields {
  const p = own(o, 'params');
  if (!isObject(p)) throw new Refused('params must be an object');
  return p;
}

const RECOMMEND_ACTIONS = ['save-profile', 'open-profile', 'add-to-data'] as const;

/** A list of {index, rating} (at most PANEL_LIMITS.ratings), each checked. */
function panelRatings(o: Fields): { index: number; rating: number }[] {
  const list = own(o, 'ratings');
  if (!Array.isArray(list) || list.length > PANEL_LIMITS.ratings) throw new Refused(`ratings must be a list of at most ${PANEL_LIMITS.ratings}`);
  return list.map((r) => {
    if (!isObject(r)) throw new Refused('a rating must be an object');
    const rating = own(r, 'rating');
    if (typeof rating !== 'number' || !Number.isFinite(rating)) throw new Refused('a rating must be a finite number');
    return { index: index(r, 'index'), rating };
  });
}

/** Builds a fresh message holding only the known fields (nothing else of `raw` reaches the host). */
function parseKnown(raw: Fields, type: string): WebviewToHost {
  switch (type) {
    case 'panel/ready': return { type };
    case 'panel/view': return { type, view: oneOf(raw, 'view', VIEWS) };
    case 'rows/line': return { type, line: index(raw, 'line') };
    case 'rows/open': return { type, side: oneOf(raw, 'side', SIDES), index: index(raw, 'index'), label: text(raw, 'label') };
    case 'query/biases': {
      const p = params(raw);
      const filter = text(p, 'filter', true);
      return {
        type, messageId: index(raw, 'messageId'),
        params: { side: oneOf(p, 'side', SIDES), top: count(p, 'top', 1, PANEL_LIMITS.biasesTop), minCount: count(p, 'minCount', 0, 1e9), ...(filter ? { filter } : {}) },
      };
    }
    case 'query/suggest': {
      const p = params(raw);
      return { type, messageId: index(raw, 'messageId'), params: { side: oneOf(p, 'side', SIDES), text: text(p, 'text'), limit: count(p, 'limit', 1, PANEL_LIMITS.suggestions) } };
    }
    case 'query/neighbours': {
      const p = params(raw);
      const q = own(p, 'query');
      const query = typeof q === 'number' ? index(p, 'query') : text(p, 'query');
      return {
        type, messageId: index(raw, 'messageId'),
        params: {
          side: oneOf(p, 'side', SIDES), query, metric: oneOf(p, 'metric', METRICS), k: count(p, 'k', 1, PANEL_LIMITS.neighboursK),
          ...(own(p, 'minCount') !== undefined ? { minCount: count(p, 'minCount', 0, 1e9) } : {}),
        },
      };
    }
    case 'query/pca': {
      const p = params(raw);
      const subset = own(p, 'subset');
      if (subset !== undefined && (!Array.isArray(subset) || subset.length > PANEL_LIMITS.pcaPoints * 2 || !subset.every((i) => Number.isSafeInteger(i) && (i as number) >= 0))) {
        throw new Refused(`subset must list at most ${PANEL_LIMITS.pcaPoints * 2} row indices`);
      }
      return {
        type, messageId: index(raw, 'messageId'),
        params: { side: oneOf(p, 'side', SIDES), topRated: count(p, 'topRated', 2, PANEL_LIMITS.pcaPoints), ...(subset ? { subset: [...subset] as number[] } : {}) },
      };
    }
    case 'query/questionnaire': {
      const p = params(raw);
      return { type, messageId: index(raw, 'messageId'), params: { n: count(p, 'n', 1, PANEL_LIMITS.questionnaire) } };
    }
    case 'recommend/action':
      return { type, action: oneOf(raw, 'action', RECOMMEND_ACTIONS), ratings: panelRatings(raw) };
    case 'query/recommend-for': {
      const p = params(raw);
      const ratings = panelRatings(p);
      return {
        type, messageId: index(raw, 'messageId'),
        params: { ratings, k: count(p, 'k', 1, PANEL_LIMITS.recommendK), minCount: count(p, 'minCount', 0, 1e9) },
      };
    }
    case 'query/user-recommend': {
      const p = params(raw);
      return { type, messageId: index(raw, 'messageId'), params: { user: text(p, 'user'), k: count(p, 'k', 1, PANEL_LIMITS.recommendK) } };
    }
    default: {
      const projection = parseProjectionRequest(raw, type, index(raw, 'messageId'));
      if (projection) return projection as WebviewToHost;
      const meta = parseMetaRequest(raw, type, (message) => new Refused(message));
      if (meta) return meta;
      throw new Refused(`unknown message type ${JSON.stringify(type.slice(0, 40))}`);
    }
  }
}

/** Parses one message from a webview; never throws. */
export function parseWebviewMessage(raw: unknown): ParsedMessage {
  if (!isObject(raw)) return { ok: false, error: 'a message must be an object' };
  const type = own(raw, 'type');
  if (typeof type !== 'string') return { ok: false, error: 'a message needs a type' };
  const id = own(raw, 'messageId');
  const messageId = typeof id === 'number' && Number.isSafeInteger(id) && id >= 0 ? id : undefined;
  try {
    return { ok: true, message: parseKnown(raw, type) };
  } catch (err) {
    if (!(err instanceof Refused) && !(err instanceof ProjectionRefused)) throw err;
    return { ok: false, error: `${type.slice(0, 40)}: ${err.message}`, ...(messageId !== undefined ? { messageId } : {}) };
  }
}

/** True when `path` is `root` or inside it (after resolving `..`). */
export function isInside(root: string, path: string): boolean {
  const rel = relative(resolve(root), resolve(path));
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** Options of parsePanelState: where saved runs may be, and how to resolve symlinks (fs.realpathSync in the host). */
export interface PanelStateRules {
  allowedRoots: readonly string[];
  realpath?: (path: string) => string;
}

function allowedDir(value: unknown, rules: PanelStateRules): string {
  if (typeof value !== 'string' || !isAbsolute(value) || value.length > 4096) throw new Refused('a run folder must be an absolute path');
  let real = resolve(value);
  try {
    real = rules.realpath ? rules.realpath(real) : real;
  } catch {
    // A folder that no longer exists cannot escape through a symlink; loading it will fail clearly.
  }
  const roots = rules.allowedRoots.map((root) => {
    try { return rules.realpath ? rules.realpath(root) : resolve(root); } catch { return resolve(root); }
  });
  if (!roots.some((root) => isInside(root, real))) throw new Refused(`${value} is outside the folders Collab reads runs from`);
  return resolve(value);
}

/** `value` as an absolute folder inside `rules.allowedRoots` (symlinks resolved), or undefined (a study panel's saved sweep). */
export function allowedFolder(value: unknown, rules: PanelStateRules): string | undefined {
  try {
    return allowedDir(value, rules);
  } catch (err) {
    if (!(err instanceof Refused)) throw err;
    return undefined;
  }
}

function parseTarget(raw: unknown, rules: PanelStateRules): PanelTarget {
  if (!isObject(raw)) throw new Refused('target must be an object');
  if (own(raw, 'runDir') !== undefined) return { runDir: allowedDir(own(raw, 'runDir'), rules) };
  const dirs = own(raw, 'compareDirs');
  if (dirs !== undefined) {
    if (!Array.isArray(dirs) || dirs.length === 0 || dirs.length > MAX_COMPARE_RUNS) throw new Refused(`compareDirs must list 1-${MAX_COMPARE_RUNS} folders`);
    return { compareDirs: dirs.map((d) => allowedDir(d, rules)) };
  }
  const live = own(raw, 'liveRunId');
  if (typeof live === 'string' && /^[\w.-]{1,200}$/.test(live)) {
    const title = own(raw, 'title');
    return { liveRunId: live, ...(typeof title === 'string' && title.length <= MAX_MESSAGE_TEXT ? { title } : {}) };
  }
  throw new Refused('target names no run');
}

/**
 * The part of a webview's saved state the host acts on when reviving a panel (the target and the
 * view), or undefined when it is not usable or points outside `rules.allowedRoots`.
 */
export function parsePanelState(raw: unknown, rules: PanelStateRules): Pick<PanelState, 'target' | 'view'> | undefined {
  if (!isObject(raw)) return undefined;
  try {
    const view = own(raw, 'view');
    return {
      target: parseTarget(own(raw, 'target'), rules),
      view: typeof view === 'string' && (VIEWS as readonly string[]).includes(view) ? (view as PanelViewName) : 'loss',
    };
  } catch (err) {
    if (!(err instanceof Refused)) throw err;
    return undefined;
  }
}
