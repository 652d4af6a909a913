/** `collab sample --out DIR`: write sample ratings with a planted structure (to try Collab on). */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generatePlanted, writeMl100k, writeRatingsCsv, type PlantedRatings } from '../../core/data/synthetic';
import type { CliCommand } from '../command';

const USAGE = `Usage: collab sample --out DIR [options]

Writes ratings with a planted structure: users and items in clusters (a user cluster likes its own
item cluster), a few items every cluster rates highly ("Classic ...") or poorly ("Dud ...").
A trained model should find it again. Also writes planted.json, the truth to compare with.

Options:
  --out DIR          folder to write into (created if needed)
  --format F         csv (ratings.csv + movies.csv, the default), ml100k (u.data + u.item), or both
  --users N          users (default 600)
  --items N          items (default 300)
  --clusters N       clusters of users and of items (default 4)
  --per-user N       average ratings per user (default 50)
  --seed N           random seed (default 42)
  -h, --help         this help`;

function intArg(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive whole number, not '${value}'`);
  return n;
}

/** The planted truth in a form people (and the demo) can read. */
function truth(data: PlantedRatings): object {
  return {
    users: data.nUsers, items: data.nItems, rows: data.n,
    goodItems: data.goodItems.map((id) => ({ id, title: data.titles[id - 1] })),
    badItems: data.badItems.map((id) => ({ id, title: data.titles[id - 1] })),
    itemClusters: data.clusterNames.map((name, c) => ({ cluster: c, name, likedByUserCluster: c })),
    userCluster: 'user id u is in cluster (u - 1) % clusters; item id i in cluster (i - 1) % clusters',
  };
}

const sample: CliCommand = {
  summary: 'write sample ratings with a planted structure (ratings.csv + movies.csv, or u.data + u.item)',
  async run(args) {
    let values;
    try {
      values = parseArgs({
        args, strict: true, options: {
          out: { type: 'string' }, format: { type: 'string' }, users: { type: 'string' }, items: { type: 'string' },
          clusters: { type: 'string' }, 'per-user': { type: 'string' }, seed: { type: 'string' },
          help: { type: 'boolean', short: 'h' },
        },
      }).values;
      if (values.help) {
        console.log(USAGE);
        return 0;
      }
      if (!values.out) throw new Error('--out DIR is required');
      const format = values.format ?? 'csv';
      if (!['csv', 'ml100k', 'both'].includes(format)) throw new Error(`--format must be csv, ml100k or both, not '${format}'`);
      const clusters = intArg(values.clusters, 'clusters', 4);
      const common = {
        seed: intArg(values.seed, 'seed', 42), users: intArg(values.users, 'users', 600), items: intArg(values.items, 'items', 300),
        userClusters: clusters, itemClusters: clusters, ratingsPerUser: intArg(values['per-user'], 'per-user', 50),
      };
      const written: string[] = [];
      if (format !== 'ml100k') {
        const data = generatePlanted({ ...common, scale: 'half-stars' });
        const files = writeRatingsCsv(values.out, data);
        written.push(files.ratingsFile, files.itemsFile);
        writeFileSync(join(values.out, 'planted.json'), JSON.stringify(truth(data), null, 2) + '\n');
      }
      if (format !== 'csv') {
        const data = generatePlanted(common);
        const files = writeMl100k(values.out, data);
        written.push(files.ratingsFile, files.itemsFile);
        writeFileSync(join(values.out, format === 'both' ? 'planted-ml100k.json' : 'planted.json'), JSON.stringify(truth(data), null, 2) + '\n');
      }
      console.log(`Wrote ${written.join(', ')}.\nTry: collab inspect ${written[0]} --items ${written[1]}`);
      return 0;
    } catch (err) {
      console.error(`collab sample: ${err instanceof Error ? err.message : String(err)}\n\n${USAGE}`);
      return 2;
    }
  },
};

export default sample;
