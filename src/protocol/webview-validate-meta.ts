/** Checks the metadata and Data view requests a webview sends (see webview-validate.ts for the rules). */
import type { RequestMessage } from './webview';
import { DATA_LIMITS, META_VALUES_LIMIT } from './webview-meta';

/** Longest field name a webview may send (as webview-validate's MAX_MESSAGE_TEXT). */
const MAX_FIELD_TEXT = 1000;

type Fields = Record<string, unknown>;
const SIDES = ['items', 'users'] as const;
const own = (o: Fields, key: string): unknown => (Object.prototype.hasOwnProperty.call(o, key) ? o[key] : undefined);
const isObject = (v: unknown): v is Fields => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A fresh metadata or Data view request from `raw`, undefined for other types; `refuse` makes the error to throw. */
export function parseMetaRequest(raw: Fields, type: string, refuse: (message: string) => Error): RequestMessage | undefined {
  if (type !== 'query/metadata' && type !== 'query/metadata-values' && type !== 'query/data-overview') return undefined;
  const id = own(raw, 'messageId');
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 0) throw refuse('messageId must be a whole number >= 0');
  const p = own(raw, 'params');
  if (!isObject(p)) throw refuse('params must be an object');
  const side = (): 'items' | 'users' => {
    const v = own(p, 'side');
    if (v !== 'items' && v !== 'users') throw refuse(`side must be one of ${SIDES.join(', ')}`);
    return v;
  };
  const count = (key: string, min: number, max: number): number => {
    const v = own(p, key);
    if (typeof v !== 'number' || !Number.isFinite(v)) throw refuse(`${key} must be a finite number`);
    return Math.max(min, Math.min(max, Math.round(v)));
  };
  if (type === 'query/metadata') return { type, messageId: id, params: { side: side() } };
  if (type === 'query/data-overview') {
    return { type, messageId: id, params: { users: count('users', 1, DATA_LIMITS.crosstabUsers), items: count('items', 1, DATA_LIMITS.crosstabItems) } };
  }
  const field = own(p, 'field');
  if (typeof field !== 'string' || field.length > MAX_FIELD_TEXT) throw refuse('field must be text');
  const list = own(p, 'indices');
  if (!Array.isArray(list) || list.length > META_VALUES_LIMIT) throw refuse(`indices must be a list of at most ${META_VALUES_LIMIT}`);
  const indices = list.map((v) => {
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw refuse('indices must be whole numbers >= 0');
    return v;
  });
  return { type, messageId: id, params: { side: side(), field, indices } };
}
