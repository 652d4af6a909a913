/** `collab inspect FILE`: what Collab detects in a ratings file and what it loads from it. */
import { parseArgs } from 'node:util';
import { describeReport, reportJson } from '../../core/csv/describe';
import { DataError } from '../../core/csv/errors';
import { loadRatings, type LoadOptions } from '../../core/csv/load';
import type { ColumnRole } from '../../core/csv/types';
import type { CliCommand } from '../command';
import { dataOverview } from '../../core/analysis/data-overview';
import { readItemsMetadata, readUsersMetadata } from '../../core/metadata/items-metadata';
import { fieldInfo } from '../../core/metadata/run-metadata';
import type { FileMetadata } from '../../core/metadata/types';

const USAGE = `Usage: collab inspect FILE [options]

Sniffs a ratings file (delimiter, header, encoding, column roles, each with its reason), loads it,
and prints rows, users, items, the rating range and histogram, duplicates and bad rows. With --json,
also the Data view's overview (the crosstab of the most active users against the most rated items,
the long tails of ratings per item and per user) and the metadata fields of --items and --users.

Options:
  --items FILE         join titles from an items file (movies.csv, u.item) by item id
  --users FILE         a users file (u.user) whose columns become metadata (reported with --json)
  --item-key id|title  key items by title (default when titles are known, as the book does) or id
  --user COL           the user column (header name or 1-based number); likewise
  --item COL, --rating COL, --timestamp COL, --title COL
  --delimiter D        , tab ; | or whitespace (also: comma, semicolon, pipe)
  --no-header          the first line is data;  --header: the first line is names
  --encoding E         utf8 or latin1
  --skip-bad-rows      skip bad rows (counted, first few listed) instead of stopping at the first
  --json               print the report as JSON
  -h, --help           this help`;

const DELIMITERS: Record<string, string> = {
  ',': ',', comma: ',', tab: '\t', '\\t': '\t', '\t': '\t', ';': ';', semicolon: ';', '|': '|', pipe: '|',
  whitespace: 'whitespace', space: 'whitespace', ' ': 'whitespace',
};

class UsageError extends Error {}

/** Turns inspect's arguments into the file and load options. */
export function parseInspectArgs(args: string[]): { file: string; json: boolean; options: LoadOptions; usersFile?: string } | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args, allowPositionals: true, strict: true,
      options: {
        items: { type: 'string' }, users: { type: 'string' }, 'item-key': { type: 'string' }, user: { type: 'string' }, item: { type: 'string' },
        rating: { type: 'string' }, timestamp: { type: 'string' }, title: { type: 'string' },
        delimiter: { type: 'string' }, 'no-header': { type: 'boolean' }, header: { type: 'boolean' },
        encoding: { type: 'string' }, 'skip-bad-rows': { type: 'boolean' }, json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  const v = parsed.values;
  if (v.help) return 'help';
  if (parsed.positionals.length !== 1) throw new UsageError('give exactly one FILE to inspect');
  const delimiter = v.delimiter === undefined ? undefined : DELIMITERS[v.delimiter.toLowerCase()];
  if (v.delimiter !== undefined && !delimiter) throw new UsageError(`unknown delimiter '${v.delimiter}'`);
  if (v.encoding !== undefined && !['utf8', 'latin1'].includes(v.encoding)) throw new UsageError(`unknown encoding '${v.encoding}'`);
  const itemKey = v['item-key'];
  if (itemKey !== undefined && itemKey !== 'id' && itemKey !== 'title') throw new UsageError(`--item-key must be id or title`);
  if (v['no-header'] && v.header) throw new UsageError('give --header or --no-header, not both');
  const columns: Partial<Record<ColumnRole, string>> = {};
  for (const role of ['user', 'item', 'rating', 'timestamp', 'title'] as const) if (v[role] !== undefined) columns[role] = v[role];
  return {
    file: parsed.positionals[0], json: v.json ?? false, ...(v.users ? { usersFile: v.users } : {}),
    options: {
      itemsFile: v.items, itemKey, columns, skipBadRows: v['skip-bad-rows'] ?? false,
      format: {
        delimiter, encoding: v.encoding as 'utf8' | 'latin1' | undefined,
        hasHeader: v['no-header'] ? false : v.header ? true : undefined,
      },
    },
  };
}

const inspect: CliCommand = {
  summary: 'show what Collab detects in a ratings file: format, column roles, counts, ratings histogram, bad rows',
  async run(args) {
    let parsed;
    try {
      parsed = parseInspectArgs(args);
    } catch (err) {
      if (!(err instanceof UsageError)) throw err;
      console.error(`collab inspect: ${err.message}\n\n${USAGE}`);
      return 2;
    }
    if (parsed === 'help') {
      console.log(USAGE);
      return 0;
    }
    try {
      const { report, table } = await loadRatings(parsed.file, parsed.options);
      if (!parsed.json) { console.log(describeReport(report)); return 0; }
      const metadata = {
        ...(parsed.options.itemsFile ? { items: await metadataJson(readItemsMetadata(parsed.options.itemsFile)) } : {}),
        ...(parsed.usersFile ? { users: await metadataJson(readUsersMetadata(parsed.usersFile)) } : {}),
      };
      console.log(JSON.stringify({ ...reportJson(report), overview: dataOverview(table), metadata }, null, 2));
      return 0;
    } catch (err) {
      if (!(err instanceof DataError)) throw err;
      if (parsed.json) console.log(JSON.stringify({ error: { code: err.code, message: err.message, location: err.location } }, null, 2));
      else console.error(`collab inspect: ${err.message}`);
      return 1;
    }
  },
};

/** A metadata file's fields and left-out columns as JSON (a file that cannot be read: its error, not a failure). */
async function metadataJson(read: Promise<FileMetadata>): Promise<unknown> {
  try {
    const meta = await read;
    return { file: meta.file, fields: meta.fields.map(fieldInfo), problems: meta.problems };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

export default inspect;
