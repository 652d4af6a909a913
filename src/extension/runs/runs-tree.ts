/**
 * The "Collab Runs" view: live runs on top (with their progress), then saved runs grouped by source
 * file. Each node's contextValue drives the inline menus declared in package.json.
 */
import * as vscode from 'vscode';
import { basename } from 'node:path';
import { CommandId, NodeContext, RUNS_VIEW_ID } from '../commands/ids';
import type { Services } from '../services';
import { progressMessage, type LiveRun } from '../training/live-run';
import { describeRunRow, groupBySource, runRow, type RunRow, type SourceGroup } from './run-display';
import { plainText } from '../text/plain-text';
import { listTunes, type TuneListing } from '../../core/tune/read';
import { tunesDirFor } from '../../core/tune/save';
import { describeTune } from './tune-display';

/** A node of the runs tree; commands receive it as their first argument. */
export type RunsNode =
  | { kind: 'live'; live: LiveRun }
  | { kind: 'source'; group: SourceGroup }
  | { kind: 'run'; row: RunRow }
  | { kind: 'tunes'; tunes: TuneListing[] }
  | { kind: 'tune'; tune: TuneListing; dir: string };

export class RunsTreeProvider implements vscode.TreeDataProvider<RunsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<RunsNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly services: Services) {
    this.subscriptions = [
      this.changed,
      services.runs.onDidChange(() => this.changed.fire(undefined)),
      services.training.onDidChange(() => this.changed.fire(undefined)),
    ];
  }

  async getChildren(node?: RunsNode): Promise<RunsNode[]> {
    if (node?.kind === 'source') return node.group.runs.map((row) => ({ kind: 'run', row }));
    if (node?.kind === 'tunes') return node.tunes.map((tune) => ({ kind: 'tune', tune, dir: tune.dir }));
    if (node) return [];
    const live = this.services.training.live().map((l): RunsNode => ({ kind: 'live', live: l }));
    const [listed, tunes] = await Promise.all([
      this.services.runs.list(),
      Promise.all(this.services.runs.runsDirs().map((dir) => listTunes(tunesDirFor(dir)))).then((lists) => lists.flat()),
    ]);
    const groups = groupBySource(listed.map(runRow)).map((group): RunsNode => ({ kind: 'source', group }));
    return [...live, ...groups, ...(tunes.length ? [{ kind: 'tunes', tunes } as RunsNode] : [])];
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
  }

  getTreeItem(node: RunsNode): vscode.TreeItem {
    switch (node.kind) {
      case 'live': {
        const item = new vscode.TreeItem(`${plainText(basename(node.live.file), 80)} · ${node.live.model}`);
        item.description = plainText(progressMessage(node.live, node.live.totalEpochs ?? 0), 200);
        item.iconPath = new vscode.ThemeIcon('sync~spin');
        item.contextValue = NodeContext.liveRun;
        item.tooltip = `Training on ${plainText(node.live.file, 300)}`;
        item.accessibilityInformation = { label: `${item.label as string}, training: ${item.description}` };
        item.command = { command: CommandId.showTraining, title: 'Show Training', arguments: [node] };
        return item;
      }
      case 'source': {
        const item = new vscode.TreeItem(node.group.source, vscode.TreeItemCollapsibleState.Expanded);
        item.description = `${node.group.runs.length} run${node.group.runs.length === 1 ? '' : 's'}`;
        item.iconPath = vscode.ThemeIcon.File;
        if (node.group.sourcePath) {
          item.resourceUri = vscode.Uri.file(node.group.sourcePath);
          item.tooltip = node.group.sourcePath;
        }
        item.contextValue = NodeContext.source;
        item.id = `source:${node.group.sourcePath ?? node.group.source}`;
        return item;
      }
      case 'tunes': {
        const item = new vscode.TreeItem('Tuning sweeps', vscode.TreeItemCollapsibleState.Expanded);
        item.description = `${node.tunes.length}`;
        item.iconPath = new vscode.ThemeIcon('beaker');
        item.contextValue = NodeContext.tunes;
        item.id = 'tunes';
        return item;
      }
      case 'tune': {
        const { label, description, tooltip } = describeTune(node.tune);
        const item = new vscode.TreeItem(label);
        item.id = `tune:${node.dir}`;
        item.description = description;
        item.tooltip = tooltip;
        item.iconPath = new vscode.ThemeIcon('error' in node.tune ? 'warning' : 'table');
        item.contextValue = 'manifest' in node.tune && node.tune.manifest.end !== 'done' ? NodeContext.resumableTune : NodeContext.tune;
        if (!('error' in node.tune)) item.command = { command: CommandId.openTune, title: 'Open Sweep', arguments: [node] };
        return item;
      }
      case 'run': {
        const { label, description, tooltip } = describeRunRow(node.row, new Date());
        const item = new vscode.TreeItem(label);
        item.id = `run:${node.row.dir}`;
        item.description = description;
        item.tooltip = tooltip;
        item.iconPath = new vscode.ThemeIcon(node.row.error ? 'warning' : node.row.imported ? 'cloud-download' : 'graph-line');
        item.contextValue = node.row.error ? `${NodeContext.run}.damaged` : node.row.imported ? NodeContext.importedRun : NodeContext.run;
        if (!node.row.error) item.command = { command: CommandId.openModel, title: 'Open Model', arguments: [node] };
        return item;
      }
    }
  }
}

/** Registers the Runs view and its refresh. */
export function registerRunsView(services: Services): vscode.Disposable {
  const provider = new RunsTreeProvider(services);
  const view = vscode.window.createTreeView(RUNS_VIEW_ID, { treeDataProvider: provider, canSelectMany: true, showCollapseAll: true });
  return vscode.Disposable.from(provider, view);
}

/** The run folder a command argument names: a tree node, a Uri of a run folder, or a path. */
export function runDirFromArg(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (arg instanceof vscode.Uri) return arg.fsPath;
  const node = arg as Partial<RunsNode> | undefined;
  if (node?.kind === 'run') return (node as Extract<RunsNode, { kind: 'run' }>).row.dir;
  return undefined;
}
