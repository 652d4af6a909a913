/** The run panel's webview: four tabs over one run, fed by the extension host through typed messages. */
import { assertNever } from '../../src/protocol/trainer';
import type { LabelRow, PanelSide, PanelState, PanelViewName, RunSummary } from '../../src/protocol/webview';
import type { PanelView, ViewContext } from './context';
import { el, shownLabel } from './dom';
import { Host, type HostNotice } from './host';
import { BiasesView } from './views/biases';
import { LossView } from './views/loss';
import { NeighboursView } from './views/neighbours';
import { PcaView } from './views/pca';
import { RecommendView } from './views/recommend';
import { DataView } from './views/data';

const TABS: { name: PanelViewName; title: string }[] = [
  { name: 'loss', title: 'Loss' },
  { name: 'biases', title: 'Biases' },
  { name: 'neighbours', title: 'Neighbours' },
  { name: 'pca', title: 'PCA' },
  { name: 'recommend', title: 'Recommend' },
  { name: 'data', title: 'Data' },
];

/** Wires the host, the tabs and the views; everything lives in this closure (no module state). */
function start(): void {
  let run: RunSummary | undefined;
  const pendingEvents: HostNotice[] = [];
  const host = new Host((notice) => onNotice(notice));
  const saved = host.getState();
  const state: PanelState = saved ?? { view: 'loss' };
  const ctx: ViewContext = {
    host,
    run: () => run,
    state,
    saveState: () => host.setState(state),
    openRows: (side: PanelSide, row: LabelRow) => host.post({ type: 'rows/open', side, index: row.index, label: row.label }),
  };
  const loss = new LossView(ctx);
  const neighbours = new NeighboursView(ctx);
  const recommend = new RecommendView(ctx);
  const views: Record<PanelViewName, PanelView> = {
    loss, biases: new BiasesView(ctx), neighbours, pca: new PcaView(ctx), recommend, data: new DataView(ctx),
  };

  const tabButtons = new Map<PanelViewName, HTMLButtonElement>();
  const tabList = el('div', { class: 'tabs', role: 'tablist', 'aria-label': 'Run views' });
  for (const tab of TABS) {
    const button = el('button', { type: 'button', role: 'tab', id: `tab-${tab.name}`, 'aria-controls': `view-${tab.name}`, 'data-testid': `tab-${tab.name}` }, tab.title);
    button.addEventListener('click', () => showView(tab.name, true));
    // Arrow keys move along the tabs (wrapping), Home and End go to the first and last, as in VS Code's own tab lists.
    button.addEventListener('keydown', (event) => {
      const i = TABS.findIndex((t) => t.name === tab.name);
      const target = event.key === 'ArrowRight' ? i + 1 : event.key === 'ArrowLeft' ? i - 1 : event.key === 'Home' ? 0 : event.key === 'End' ? TABS.length - 1 : undefined;
      if (target === undefined) return;
      event.preventDefault();
      const next = TABS[(target + TABS.length) % TABS.length].name;
      showView(next, true);
      tabButtons.get(next)?.focus();
    });
    tabButtons.set(tab.name, button);
    tabList.append(button);
  }
  for (const tab of TABS) views[tab.name].root.setAttribute('aria-labelledby', `tab-${tab.name}`);
  const app = document.getElementById('app') ?? document.body;
  app.replaceChildren(tabList, ...TABS.map((t) => views[t.name].root));

  function showView(name: PanelViewName, tellHost: boolean): void {
    for (const tab of TABS) {
      const selected = tab.name === name;
      views[tab.name].root.hidden = !selected;
      const button = tabButtons.get(tab.name)!;
      button.setAttribute('aria-selected', String(selected));
      button.tabIndex = selected ? 0 : -1;
    }
    if (state.view !== name) {
      state.view = name;
      ctx.saveState();
      if (tellHost) host.post({ type: 'panel/view', view: name });
    }
    views[name].shown();
  }

  function onNotice(notice: HostNotice): void {
    switch (notice.type) {
      case 'panel/init': {
        const first = run === undefined;
        run = notice.run;
        state.target = notice.target;
        ctx.saveState();
        document.title = shownLabel(notice.run.title);
        loss.setSeries(notice.series, notice.compare);
        for (const view of Object.values(views)) if (view !== loss) view.runChanged();
        // Imported embeddings have no loss history: open them on their neighbours.
        const fallback = notice.view ?? (notice.run.status === 'imported' ? 'neighbours' : state.view);
        if (first) showView(saved ? state.view : fallback, false);
        if (notice.query) { showView('neighbours', false); neighbours.lookUp(notice.query); }
        for (const event of pendingEvents.splice(0)) onNotice(event);
        break;
      }
      case 'train/event':
        if (!run) { pendingEvents.push(notice); break; }
        loss.onTrainerEvent(notice.event);
        break;
      case 'panel/show':
        showView(notice.view, false);
        if (notice.query) neighbours.lookUp(notice.query);
        break;
      case 'recommend/set-ratings':
        showView('recommend', false);
        recommend.setRatings(notice.ratings, notice.note);
        break;
      default:
        assertNever(notice);
    }
  }

  // VS Code swaps the body class (and the --vscode-* variables) when the theme changes.
  new MutationObserver(() => { for (const view of Object.values(views)) view.retheme(); })
    .observe(document.body, { attributes: true, attributeFilter: ['class'] });

  showView(state.view ?? 'loss', false);
  host.post({ type: 'panel/ready' });
}

start();
