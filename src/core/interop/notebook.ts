/**
 * `collab notebook RUN --out x.ipynb` / Open as fastai Notebook: an nbformat-4 notebook that
 * rebuilds the run in fastai (the ratings read with the options Collab sniffed, the items join,
 * CollabDataLoaders.from_df, collab_learner, fit_one_cycle), then loads Collab's exported weights
 * into the learner and runs the chapter's analyses on them (biases, PCA of the most-rated 1,000,
 * cosine neighbours). Python string literals are written as JSON strings, which Python reads alike.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import type { FileFormat } from '../data/types';
import type { LoadedRun } from '../run/types';
import { buildPthExport } from './pth-export';
import { keyedByTitle, roleNames } from './source-columns';

/** One notebook cell (nbformat 4.5: ids required). */
export interface NotebookCell {
  id: string;
  cell_type: 'markdown' | 'code';
  metadata: Record<string, unknown>;
  source: string[];
  outputs?: unknown[];
  execution_count?: null;
}

/** An nbformat 4 notebook document. */
export interface Notebook {
  nbformat: 4;
  nbformat_minor: 5;
  metadata: Record<string, unknown>;
  cells: NotebookCell[];
}

const py = (s: string): string => JSON.stringify(s);

/** pandas.read_csv keyword arguments for a file laid out as `format`. */
export function readCsvArgs(format: FileFormat): string {
  const sep = format.delimiter === 'whitespace' ? 'r"\\s+"' : py(format.delimiter);
  const encoding = { utf8: 'utf-8', latin1: 'latin-1', windows1252: 'cp1252' }[format.encoding];
  const args = [`sep=${sep}`, `header=${format.hasHeader ? 0 : 'None'}`, `encoding=${py(encoding)}`];
  if (format.sepLine) args.push('skiprows=1');
  if (format.decimalComma) args.push('decimal=","');
  return args.join(', ');
}

/** The notebook for a run whose exported model is `pthName` and classes `classesName` (beside the notebook). */
export async function buildNotebook(run: LoadedRun, files: { pth: string; classes: string }): Promise<Notebook> {
  const { manifest } = run;
  const config = manifest.config;
  const source = manifest.source;
  if (!config?.yRange || !source) throw new Error(`run ${manifest.id} was not trained by Collab from a file, so there is no fastai recipe to write`);
  const names = await roleNames(manifest);
  const item = names.title ?? names.item;
  const nn = config.model === 'nn';
  const cells: [NotebookCell['cell_type'], string][] = [];
  const md = (s: string): void => { cells.push(['markdown', s]); };
  const code = (s: string): void => { cells.push(['code', s]); };
  md(`# Collab run \`${manifest.id}\` in fastai\n\nThis notebook trains the same model with fastai (${nn ? 'EmbeddingNN' : 'EmbeddingDotBias'}, `
    + `${nn ? `layers ${JSON.stringify(config.layers)}` : `${config.factors} factors`}, y_range (${config.yRange.join(', ')}), `
    + `${config.epochs} epochs of fit_one_cycle at lr ${config.lr}, wd ${config.wd}, bs ${config.bs}), then loads the weights Collab `
    + `trained (\`${files.pth}\`, \`${files.classes}\`, written beside this notebook) so you continue from exactly Collab's model.`);
  code('from fastai.collab import *\nfrom fastai.tabular.all import *\nimport json\nimport pandas as pd\nimport torch');
  const delimiter = source.format.delimiter === '\t' ? 'tab' : source.format.delimiter === 'whitespace' ? 'whitespace' : `'${source.format.delimiter}'`;
  md(`## The data\n\nRead as Collab read it: ${delimiter} delimiter, ${source.format.hasHeader ? 'a' : 'no'} header row, ${source.format.encoding}.`);
  const rename = names.header ? '' : `\nratings = ratings.rename(columns={${source.mapping.user}: ${py(names.user)}, ${source.mapping.item}: ${py(names.item)}, `
    + `${source.mapping.rating}: ${py(names.rating)}${names.title && source.mapping.title !== undefined ? `, ${source.mapping.title}: ${py(names.title)}` : ''}})`;
  code(`ratings = pd.read_csv(${py(source.path)}, ${readCsvArgs(source.format)})${rename}\nratings.head()`);
  if (keyedByTitle(manifest) && source.items && source.mapping.title === undefined) {
    md('Items are keyed by title, as in the book: join the titles from the items file.');
    const it = source.items;
    code(`items = pd.read_csv(${py(it.path)}, ${readCsvArgs(it.format)})\n`
      + `items = items.iloc[:, [${it.mapping.item}, ${it.mapping.title}]]\nitems.columns = [${py(names.item)}, ${py(item)}]\n`
      + `ratings = ratings.merge(items, on=${py(names.item)})\nratings.head()`);
  }
  code(`dls = CollabDataLoaders.from_df(ratings, user_name=${py(names.user)}, item_name=${py(item)}, rating_name=${py(names.rating)}, `
    + `valid_pct=${config.validPct}, seed=${config.seed}, bs=${config.bs})\ndls.show_batch()`);
  md('## Train in fastai\n\nThe same recipe Collab used (fastai starts from other random weights, so the numbers differ a little).');
  const yRange = `y_range=(${config.yRange.join(', ')})`;
  code(nn
    ? `learn = collab_learner(dls, use_nn=True, layers=${JSON.stringify(config.layers)}, ${yRange}${config.dropout > 0 ? `, config=tabular_config(ps=${config.dropout})` : ''})`
    : `learn = collab_learner(dls, n_factors=${config.factors}, ${yRange})`);
  code(`learn.fit_one_cycle(${config.epochs}, ${config.lr}, wd=${config.wd})`);
  md('## Continue from Collab\'s weights\n\nRow *i* of each embedding is class *i* of its column, numbered as fastai numbers them (sorted, `#na#` first). '
    + 'fastai takes the classes from its own random training split, so they can differ from Collab\'s when an id appears only in validation: '
    + 'then the analyses below use a model built on Collab\'s classes.');
  const emb = (n: string): string => JSON.stringify(run.tensors.get(n)?.shape[1] ?? 0);
  const fresh = nn
    ? `EmbeddingNN(emb_szs=[(len(user_classes), ${emb('userEmbedding')}), (len(item_classes), ${emb('itemEmbedding')})], layers=${JSON.stringify(config.layers)}, ps=${config.dropout}, ${yRange})`
    : `EmbeddingDotBias(${config.factors}, len(user_classes), len(item_classes), ${yRange})`;
  code(`collab_classes = json.load(open(${py(files.classes)}))\nuser_classes, item_classes = list(collab_classes.values())\n`
    + 'same = [[str(c) for c in v] for v in dls.classes.values()] == [user_classes, item_classes]\n'
    + `model = learn.model if same else ${fresh}\n`
    + `model.load_state_dict(torch.load(${py(files.pth)}), strict=True)\n`
    + 'if same:\n    print("fastai\'s classes are Collab\'s; validation with Collab\'s weights:", learn.validate())\n'
    + 'else:\n    print("fastai\'s split chose other classes than Collab\'s: the analyses use Collab\'s classes and weights")\n'
    + 'o2i = {c: i for i, c in enumerate(item_classes)}');
  const weight = nn ? 'model.embeds[1].weight' : 'model.i_weight.weight';
  if (nn) md('## Biases\n\nEmbeddingNN has no bias tables (its biases are inside the layers), so this section is for the dot model only.');
  else {
    md('## Biases\n\nThe items the model thinks worst and best whoever rates them.');
    code('item_bias = model.i_bias.weight.squeeze()\nidxs = item_bias.argsort()[:5]\nprint("lowest:", [item_classes[i] for i in idxs])\n'
      + 'idxs = item_bias.argsort(descending=True)[:5]\nprint("highest:", [item_classes[i] for i in idxs])');
  }
  md('## PCA of the 1,000 most-rated items');
  code(`g = ratings.groupby(${py(item)})[${py(names.rating)}].count()\n`
    + 'top_items = [str(m) for m in g.sort_values(ascending=False).index.values if str(m) in o2i][:1000]\n'
    + `top_idxs = tensor([o2i[m] for m in top_items])\nitem_w = ${weight}[top_idxs].cpu().detach()\n`
    + 'item_pca = item_w.pca(3)\nfac0, fac1, fac2 = item_pca.t()\nidxs = list(range(min(50, len(top_items))))\nX, Y = fac0[idxs], fac2[idxs]\n'
    + 'plt.figure(figsize=(12, 12))\nplt.scatter(X, Y)\nfor i, x, y in zip(idxs, X, Y):\n    plt.text(x, y, top_items[i], color=np.random.rand(3) * 0.7, fontsize=11)\nplt.show()');
  md('## Nearest neighbours by cosine similarity');
  code(`item_factors = ${weight}.detach()\nidx = o2i[top_items[0]]\n`
    + 'distances = nn.CosineSimilarity(dim=1)(item_factors, item_factors[idx][None])\n'
    + 'print(top_items[0], "->", [item_classes[i] for i in distances.argsort(descending=True)[1:6]])');
  return {
    nbformat: 4, nbformat_minor: 5,
    metadata: {
      kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' },
      language_info: { name: 'python' },
      collab: { run: manifest.id },
    },
    cells: cells.map(([type, text], k) => {
      const lines = text.split('\n').map((l, i, all) => (i < all.length - 1 ? `${l}\n` : l));
      return type === 'code'
        ? { id: `cell-${k}`, cell_type: type, metadata: {}, source: lines, outputs: [], execution_count: null }
        : { id: `cell-${k}`, cell_type: type, metadata: {}, source: lines };
    }),
  };
}

/** Writes the notebook to `outPath` with `<stem>.pth` and `<stem>-classes.json` beside it; returns the paths. */
export async function writeNotebook(run: LoadedRun, outPath: string): Promise<string[]> {
  const stem = basename(outPath, extname(outPath));
  const files = { pth: `${stem}.pth`, classes: `${stem}-classes.json` };
  const built = await buildPthExport(run);
  const notebook = await buildNotebook(run, files);
  const dir = dirname(outPath);
  await mkdir(dir, { recursive: true });
  const written = [join(dir, files.pth), join(dir, files.classes), outPath];
  await writeFile(written[0], built.pth);
  await writeFile(written[1], JSON.stringify(built.classes) + '\n');
  await writeFile(outPath, JSON.stringify(notebook, null, 1) + '\n');
  return written;
}
