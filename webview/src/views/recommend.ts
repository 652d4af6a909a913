/**
 * The Recommend view ("rate a few films, get recommendations"): a questionnaire of well-known items
 * spread across the embedding space, star buttons on the run's rating scale (halves when the file
 * has them) with "haven't seen", type-ahead to rate anything else, and recommendations with a "why"
 * line that update after every rating (query/recommend-for: a fold-in in the run service).
 */
import { PANEL_LIMITS, type LabelRow, type PanelRating, type QuestionnaireResult, type RecommendForResult, type UserRecommendResult } from '../../../src/protocol/webview';
import { unavailableReason, type PanelView, type ViewContext } from '../context';
import { clear, el, fmt, fmtCount, showError, shownLabel } from '../dom';
import { renderTable, type Column, type SortOrder } from '../table';
import { numberInput, segmented } from './controls';
import { SuggestBox } from './suggest-box';

const QUESTIONS = 12;
type Scale = NonNullable<QuestionnaireResult['scale']>;
type Rec = RecommendForResult['items'][number] & { rank: number };

export class RecommendView implements PanelView {
  readonly root = el('section', { class: 'view recommend', 'data-testid': 'view-recommend', role: 'tabpanel', id: 'view-recommend', hidden: true });
  private readonly status = el('p', { class: 'note', role: 'status', 'data-testid': 'recommend-status' });
  private readonly questions = el('div', { class: 'questions', 'data-testid': 'recommend-questions' });
  private readonly mine = el('div', { class: 'my-ratings', 'data-testid': 'recommend-mine' });
  private readonly results = el('div', { class: 'results', 'data-testid': 'recommend-results' });
  private readonly search: SuggestBox;
  /** "An existing user" mode: an id box, their rated items (sortable) and their recommendations. */
  private readonly userBox = el('div', { class: 'user-mode', 'data-testid': 'recommend-user-mode', hidden: true });
  private readonly meBox = el('div', { class: 'me-mode' });
  private readonly userResults = el('div', { class: 'results', 'data-testid': 'recommend-user-results' });
  private ratedOrder: SortOrder = { column: 'count', descending: true };
  private userRequest = 0;
  private questionnaire: LabelRow[] = [];
  private scale: Scale = { min: 1, max: 5, step: 1 };
  private loaded = false;
  private request = 0;

  constructor(private readonly ctx: ViewContext) {
    const s = this.settings();
    this.search = new SuggestBox({
      idPrefix: 'recommend', placeholder: 'Rate anything: type a title or id\u2026',
      suggest: async (text) => (await ctx.host.request('query/suggest', { side: 'items', text, limit: PANEL_LIMITS.suggestions })).labels,
      onPick: (row) => { this.search.setText(''); this.addQuestion(row); },
      onSubmit: async (text) => {
        const rows = (await ctx.host.request('query/suggest', { side: 'items', text, limit: 1 })).labels;
        if (rows[0]) { this.search.setText(''); this.addQuestion(rows[0]); } else this.status.textContent = `No item matches \u201c${text}\u201d.`;
      },
    });
    const userInput = el('input', { type: 'search', placeholder: 'A user id from the ratings file…', value: s.user ?? '', 'data-testid': 'recommend-user-id', 'aria-label': 'User id' });
    userInput.addEventListener('keydown', (event) => {
      if (event.key !== 'Enter') return;
      this.settings().user = userInput.value.trim();
      void this.showUser();
    });
    this.userBox.append(el('div', { class: 'toolbar' }, userInput), this.userResults);
    this.root.append(
      el('div', { class: 'toolbar' },
        segmented<'me' | 'user'>('recommend-mode', [{ value: 'me', label: 'Me' }, { value: 'user', label: 'An existing user' }], s.mode ?? 'me', (mode) => {
          this.settings().mode = mode;
          this.applyMode();
        }, 'Recommend for'),
      ),
      this.meBox, this.userBox,
    );
    this.meBox.append(
      el('div', { class: 'toolbar' },
        this.search.root,
        numberInput('k', 'recommend-k', s.k, 1, PANEL_LIMITS.recommendK, (k) => { this.settings().k = k; void this.refresh(); }),
        numberInput('min ratings', 'recommend-min-count', s.minCount, 0, 1_000_000, (minCount) => { this.settings().minCount = minCount; void this.refresh(); }),
        this.clearButton(),
      ),
      el('div', { class: 'toolbar' }, ...this.fileButtons()),
      el('p', { class: 'muted' }, 'Rate the ones you have seen; each rating updates your recommendations.'),
      this.questions, this.mine, this.status, this.results,
    );
  }

  shown(): void {
    if (this.loaded) return;
    this.loaded = true;
    this.applyMode();
    void this.load();
  }

  private applyMode(): void {
    const user = this.settings().mode === 'user';
    this.meBox.hidden = user;
    this.userBox.hidden = !user;
    this.ctx.saveState();
    if (user && this.settings().user) void this.showUser();
  }

  /** An existing user's rated items and recommendations, each with why. */
  private async showUser(): Promise<void> {
    const s = this.settings();
    const id = ++this.userRequest;
    this.ctx.saveState();
    let result: UserRecommendResult;
    try {
      result = await this.ctx.host.request('query/user-recommend', { user: s.user ?? '', k: s.k });
    } catch (error) {
      if (id === this.userRequest) showError(this.userResults, (error as Error).message);
      return;
    }
    if (id !== this.userRequest) return;
    clear(this.userResults);
    if (!result.ok) { this.userResults.append(el('p', { class: 'note error', role: 'alert', 'data-testid': 'recommend-user-error' }, result.error)); return; }
    const ok = result;
    const recColumns: Column<typeof ok.items[number] & { rank: number }>[] = [
      { key: 'rank', title: '#', numeric: true, cell: (r) => String(r.rank) },
      {
        key: 'label', title: `recommended for user ${ok.user.label}`,
        cell: (r) => el('div', {}, el('span', { class: 'label-text', title: shownLabel(r.label) }, shownLabel(r.label)),
          el('div', { class: 'why muted', 'data-testid': 'why' }, shownLabel(r.why))),
      },
      { key: 'predicted', title: 'predicted', numeric: true, cell: (r) => fmt(r.predicted, 2) },
      { key: 'count', title: 'ratings', numeric: true, cell: (r) => fmtCount(r.count) },
    ];
    const ratedColumns: Column<LabelRow>[] = [
      { key: 'label', title: `rated by user ${ok.user.label} (${fmtCount(ok.ratedTotal)})`, cell: (r) => shownLabel(r.label), sortValue: (r) => r.label },
      { key: 'count', title: 'ratings', numeric: true, cell: (r) => fmtCount(r.count), sortValue: (r) => r.count },
      { key: 'mean', title: 'mean', numeric: true, cell: (r) => fmt(r.mean, 2), sortValue: (r) => r.mean },
      { key: 'bias', title: 'bias', numeric: true, cell: (r) => fmt(r.bias), sortValue: (r) => r.bias },
    ];
    const ratedBox = el('div', { class: 'results' });
    const drawRated = (): void => {
      clear(ratedBox);
      ratedBox.append(renderTable(ok.rated, {
        columns: ratedColumns, rowTestId: 'user-rated', label: (r) => r.label,
        onRowClick: (r) => this.ctx.openRows('items', r),
        onSort: (order) => { this.ratedOrder = order; drawRated(); },
        empty: 'No rated items known.',
      }, this.ratedOrder));
    };
    drawRated();
    this.userResults.append(
      el('p', { class: 'note', role: 'status' }, ok.notes.join(' ')),
      renderTable(ok.items.map((r, i) => ({ ...r, rank: i + 1 })), {
        columns: recColumns, rowTestId: 'user-recommendation', label: (r) => r.label, onRowClick: (r) => this.ctx.openRows('items', r),
      }),
      ratedBox,
    );
  }

  runChanged(): void {
    this.loaded = false;
    if (!this.root.hidden) this.shown();
  }

  retheme(): void { /* plain HTML */ }

  private settings() {
    this.ctx.state.recommend ??= { ratings: [], skipped: [], k: 10, minCount: 10 };
    return this.ctx.state.recommend;
  }

  private clearButton(): HTMLElement {
    const button = el('button', { type: 'button', 'data-testid': 'recommend-clear' }, 'Start over');
    button.addEventListener('click', () => {
      Object.assign(this.settings(), { ratings: [], skipped: [] });
      this.renderQuestions();
      void this.refresh();
    });
    return button;
  }

  /** Save / open a profile and add the ratings to the data file: the host does them, with its own dialogs. */
  private fileButtons(): HTMLElement[] {
    const actions = [
      { action: 'save-profile', label: 'Save profile\u2026', hint: 'save these ratings as a named profile (.collab/profiles)' },
      { action: 'open-profile', label: 'Open profile\u2026', hint: 'rate as a saved profile did' },
      { action: 'add-to-data', label: 'Add my ratings to the data file\u2026', hint: 'append them to the ratings file as a new user (asks first), then train again' },
    ] as const;
    return actions.map(({ action, label, hint }) => {
      const button = el('button', { type: 'button', title: hint, 'data-testid': `recommend-${action}` }, label);
      button.addEventListener('click', () => this.ctx.host.post({
        type: 'recommend/action', action, ratings: this.settings().ratings.map((r) => ({ index: r.index, rating: r.rating })),
      }));
      return button;
    });
  }

  /** Replaces the person's ratings (an opened profile), then asks for recommendations again. */
  setRatings(ratings: (PanelRating & { label: string })[], note?: string): void {
    const s = this.settings();
    s.mode = 'me';
    s.ratings = ratings.map((r) => ({ index: r.index, label: r.label, rating: r.rating }));
    s.skipped = [];
    this.applyMode();
    for (const r of ratings) if (!this.questionnaire.some((q) => q.index === r.index)) this.questionnaire.unshift({ index: r.index, label: r.label });
    this.renderQuestions();
    void this.refresh().then(() => { if (note) this.status.textContent = note; });
  }

  private async load(): Promise<void> {
    const reason = unavailableReason(this.ctx.run(), 'items');
    if (reason) { this.status.textContent = reason; return; }
    try {
      const q = await this.ctx.host.request('query/questionnaire', { n: QUESTIONS });
      this.questionnaire = q.items;
      if (q.scale) this.scale = q.scale;
    } catch (error) {
      showError(this.status, (error as Error).message);
      return;
    }
    // Items rated through type-ahead (in the saved state) stay on the list.
    for (const r of this.settings().ratings) {
      if (!this.questionnaire.some((q) => q.index === r.index)) this.questionnaire.push({ index: r.index, label: r.label });
    }
    this.renderQuestions();
    await this.refresh();
  }

  /** Puts a type-ahead pick at the top of the list, ready for its stars. */
  private addQuestion(row: LabelRow): void {
    this.questionnaire = [row, ...this.questionnaire.filter((q) => q.index !== row.index)];
    this.settings().skipped = this.settings().skipped.filter((i) => i !== row.index);
    this.renderQuestions();
    (this.questions.querySelector<HTMLButtonElement>('[data-testid="star"]'))?.focus();
  }

  private rate(row: LabelRow, rating: number | undefined): void {
    const s = this.settings();
    s.ratings = s.ratings.filter((r) => r.index !== row.index);
    s.skipped = s.skipped.filter((i) => i !== row.index);
    if (rating === undefined) s.skipped.push(row.index);
    else s.ratings.push({ index: row.index, label: row.label, rating });
    // The questions are drawn again: the button just pressed (Enter or Space on a star) keeps the focus.
    const pressed = document.activeElement instanceof HTMLElement && this.questions.contains(document.activeElement) ? document.activeElement : undefined;
    const selector = pressed && `[data-index="${row.index}"] [data-testid="${pressed.dataset.testid}"]${pressed.dataset.value ? `[data-value="${pressed.dataset.value}"]` : ''}`;
    this.renderQuestions();
    if (selector) this.questions.querySelector<HTMLElement>(selector)?.focus();
    void this.refresh();
  }

  private renderQuestions(): void {
    this.ctx.saveState();
    const s = this.settings();
    clear(this.questions);
    const values: number[] = [];
    for (let v = this.scale.min; v <= this.scale.max + 1e-9; v += this.scale.step) values.push(Math.round(v * 2) / 2);
    for (const row of this.questionnaire) {
      const given = s.ratings.find((r) => r.index === row.index)?.rating;
      const skipped = s.skipped.includes(row.index);
      const stars = el('div', { class: 'stars', role: 'group', 'aria-label': `Your rating of ${row.label}` });
      for (const v of values) {
        const on = given !== undefined && v <= given;
        const star = el('button', {
          type: 'button', class: on ? 'star on' : 'star', 'data-testid': 'star', 'data-value': v,
          'aria-pressed': String(given === v), title: `${v}`, 'aria-label': `Rate ${v}`,
        }, Number.isInteger(v) ? '\u2605' : '\u00bd');
        star.addEventListener('click', () => this.rate(row, v));
        stars.append(star);
      }
      const skip = el('button', { type: 'button', class: 'link', 'data-testid': 'skip', 'aria-pressed': String(skipped) }, 'haven\u2019t seen');
      skip.addEventListener('click', () => this.rate(row, undefined));
      this.questions.append(el('div', { class: skipped ? 'question skipped' : 'question', 'data-testid': 'question', 'data-label': row.label, 'data-index': row.index },
        el('span', { class: 'label-text', title: shownLabel(row.label) }, shownLabel(row.label)),
        row.count !== undefined ? el('span', { class: 'muted' }, `${fmtCount(row.count)} ratings`) : null,
        stars, el('span', { class: 'given', 'data-testid': 'given' }, given !== undefined ? fmt(given, this.scale.step < 1 ? 1 : 0) : ''), skip));
    }
    this.mine.textContent = s.ratings.length ? `${s.ratings.length} rated, ${s.skipped.length} skipped.` : '';
  }

  /** Asks for recommendations from the ratings so far (the latest answer wins). */
  private async refresh(): Promise<void> {
    const s = this.settings();
    this.ctx.saveState();
    const id = ++this.request;
    let result: RecommendForResult;
    try {
      result = await this.ctx.host.request('query/recommend-for', {
        ratings: s.ratings.map((r) => ({ index: r.index, rating: r.rating })), k: s.k, minCount: s.minCount,
      });
    } catch (error) {
      if (id === this.request) showError(this.status, (error as Error).message);
      return;
    }
    if (id !== this.request) return;
    this.status.textContent = result.notes.join(' ');
    const rows: Rec[] = result.items.map((r, i) => ({ ...r, rank: i + 1 }));
    const columns: Column<Rec>[] = [
      { key: 'rank', title: '#', numeric: true, cell: (r) => String(r.rank) },
      {
        key: 'label', title: result.kind === 'fold-in' ? 'recommended for you' : 'recommended (no ratings yet)',
        cell: (r) => el('div', {},
          el('span', { class: 'label-text', title: shownLabel(r.label) }, shownLabel(r.label)),
          el('div', { class: 'why muted', 'data-testid': 'why' }, shownLabel(r.why))),
      },
      { key: 'predicted', title: 'predicted', numeric: true, cell: (r) => fmt(r.predicted, 2) },
      { key: 'count', title: 'ratings', numeric: true, cell: (r) => fmtCount(r.count) },
      { key: 'mean', title: 'mean', numeric: true, cell: (r) => fmt(r.mean, 2) },
    ];
    clear(this.results);
    this.results.append(renderTable(rows, {
      columns, rowTestId: 'recommendation', label: (r) => r.label,
      onRowClick: (r) => this.ctx.openRows('items', r),
      empty: 'No items left to recommend (lower the minimum ratings?).',
    }));
  }
}
