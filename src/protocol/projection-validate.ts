/**
 * Checking the projection view's messages from a webview (see webview-validate.ts): known fields,
 * bounded sizes, plain JSON. The projection settings and saved views are parsed field by field by
 * the run service with core's parser (src/core/analysis/projection/saved-views.ts), the one
 * implementation of those rules; here they only have to be bounded plain objects.
 */
import { PROJECTION_POINTS, type ProjectionExportFormat, type ProjectionRequests, type ProjectionRequestType } from './projection';
import { PANEL_LIMITS } from './webview';

/** A projection message the validator refused (webview-validate turns it into `{ ok: false }`). */
export class ProjectionRefused extends Error {}

type Fields = Record<string, unknown>;
const isObject = (v: unknown): v is Fields => typeof v === 'object' && v !== null && !Array.isArray(v);
const own = (o: Fields, key: string): unknown => (Object.prototype.hasOwnProperty.call(o, key) ? o[key] : undefined);

/** Largest settings object (custom axes with many titles) and image (a PNG data URL) accepted. */
const MAX_SETTINGS_JSON = 200_000;
const MAX_IMAGE_CHARS = 40_000_000;
const FORMATS: readonly ProjectionExportFormat[] = ['png', 'svg', 'csv'];

function refuse(message: string): never { throw new ProjectionRefused(message); }

/** A bounded plain-JSON copy of an object (no prototypes, no functions, nothing undefined). */
function plainObject(v: unknown, what: string): Fields {
  if (!isObject(v)) refuse(`${what} must be an object`);
  const json = JSON.stringify(v);
  if (json.length > MAX_SETTINGS_JSON) refuse(`${what} is larger than ${MAX_SETTINGS_JSON} characters`);
  return JSON.parse(json) as Fields;
}

function side(o: Fields): 'items' | 'users' {
  const v = own(o, 'side');
  if (v !== 'items' && v !== 'users') refuse('side must be items or users');
  return v;
}

function rowList(v: unknown, what: string): number[] {
  if (!Array.isArray(v) || v.length > PROJECTION_POINTS || !v.every((i) => Number.isSafeInteger(i) && (i as number) >= 0)) {
    refuse(`${what} must list at most ${PROJECTION_POINTS} row indices`);
  }
  return [...v] as number[];
}

function shortText(v: unknown, what: string, max = 200): string {
  if (typeof v !== 'string' || v.length > max) refuse(`${what} must be text of at most ${max} characters`);
  return v;
}

/** The request of a projection message type, or undefined when `type` is not one. */
export function parseProjectionRequest(raw: Fields, type: string, messageId: number): { type: ProjectionRequestType; messageId: number; params: unknown } | undefined {
  const p = own(raw, 'params');
  const params = (): Fields => { if (!isObject(p)) refuse('params must be an object'); return p; };
  switch (type) {
    case 'query/project': return { type, messageId, params: plainObject(params(), 'params') as unknown as ProjectionRequests['query/project']['params'] };
    case 'views/list': return { type, messageId, params: {} };
    case 'views/load': return { type, messageId, params: { name: shortText(own(params(), 'name'), 'name', 64) } };
    case 'views/save': return { type, messageId, params: { view: plainObject(own(params(), 'view'), 'view') } };
    case 'query/mean-neighbours': {
      const q = params();
      const k = own(q, 'k');
      if (typeof k !== 'number' || !Number.isFinite(k)) refuse('k must be a number');
      return { type, messageId, params: { side: side(q), rows: rowList(own(q, 'rows'), 'rows'), k: Math.max(1, Math.min(PANEL_LIMITS.neighboursK, Math.round(k))) } };
    }
    case 'projection/export': {
      const q = params();
      const format = own(q, 'format');
      if (!(FORMATS as readonly unknown[]).includes(format)) refuse(`format must be one of ${FORMATS.join(', ')}`);
      const data = own(q, 'data');
      if (data !== undefined && (typeof data !== 'string' || data.length > MAX_IMAGE_CHARS)) refuse('data must be text');
      const points = own(q, 'points');
      let placed: { index: number; x: number; y: number }[] | undefined;
      if (points !== undefined) {
        if (!Array.isArray(points) || points.length > PROJECTION_POINTS) refuse(`points must list at most ${PROJECTION_POINTS} points`);
        placed = points.map((pt) => {
          if (!isObject(pt)) refuse('a point must be an object');
          const { index, x, y } = pt;
          if (!Number.isSafeInteger(index) || (index as number) < 0 || typeof x !== 'number' || typeof y !== 'number' || !Number.isFinite(x) || !Number.isFinite(y)) {
            refuse('a point must be {index, x, y} with finite numbers');
          }
          return { index: index as number, x, y };
        });
      }
      return {
        type, messageId,
        params: { format: format as ProjectionExportFormat, side: side(q), suggestedName: shortText(own(q, 'suggestedName'), 'suggestedName'), ...(typeof data === 'string' ? { data } : {}), ...(placed ? { points: placed } : {}) },
      };
    }
    default: return undefined;
  }
}
