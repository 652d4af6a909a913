/**
 * Long loops over millions of rows, written once as generators that pause between chunks of rows.
 * Run synchronously (tests, small tables) they give the same result as run paced: then the event
 * loop gets a turn every few tens of milliseconds (so a cancel message is seen and the signal
 * checked) and progress is reported at most ten times a second.
 */

/** Where a paced loop has got to: a stage (human-readable, e.g. 'splitting the rows') and its share done. */
export interface StageMark {
  stage: string;
  /** Share of this stage done, in [0, 1]. */
  fraction: number;
}

/** Work that pauses (yields a mark) between chunks and returns a T. */
export type PacedWork<T> = Generator<StageMark, T, undefined>;

/** One stage of a plan and its relative cost (any unit; only ratios matter). */
export interface PlannedStage {
  stage: string;
  weight: number;
}

/** Progress over a whole plan: the current stage and the share of the plan done (monotone, [0, 1]). */
export interface PlanProgress {
  stage: string;
  fraction: number;
}

/** Rows handled between two marks: a few milliseconds of work, so pauses land close to when they are due. */
export const ROWS_PER_MARK = 1 << 16;

/** Most time between two turns of the event loop. */
const YIELD_MS = 50;
/** Least time between two progress reports (ten a second at most). */
const PROGRESS_MS = 100;

/** Where each stage of `plan` starts and how much of it it takes, as shares of the whole plan. */
export function planShares(plan: readonly PlannedStage[]): Map<string, { from: number; share: number }> {
  const shares = new Map<string, { from: number; share: number }>();
  const total = plan.reduce((sum, s) => sum + s.weight, 0) || 1;
  let from = 0;
  for (const { stage, weight } of plan) {
    shares.set(stage, { from: from / total, share: weight / total });
    from += weight;
  }
  return shares;
}

/** The share of `plan` done when `stage` starts (0 for a stage not in the plan). */
export function shareBefore(plan: readonly PlannedStage[], stage: string): number {
  return planShares(plan).get(stage)?.from ?? 0;
}

/** Runs paced work to the end without pausing. */
export function runNow<T>(work: PacedWork<T>): T {
  for (;;) {
    const step = work.next();
    if (step.done) return step.value;
  }
}

/** Options of a Pacer. */
export interface PacerOptions {
  signal?: AbortSignal;
  /** Told the plan's progress: at the first mark, then at most every 100 ms. */
  onProgress?: (progress: PlanProgress) => void;
  /** The stages the work will go through, in order; marks of other stages keep the fraction where it was. */
  plan?: readonly PlannedStage[];
  now?: () => number;
}

/**
 * Runs paced work, giving the event loop a turn every YIELD_MS and aborting (with the signal's
 * reason) at a turn once the signal has fired. One pacer may run several pieces of work of one plan.
 */
export class Pacer {
  private readonly start: Map<string, { from: number; share: number }>;
  private readonly now: () => number;
  private lastYield: number;
  private lastReport = -Infinity;
  private done = 0;
  private reportedOnce = false;

  constructor(private readonly options: PacerOptions = {}) {
    this.now = options.now ?? (() => performance.now());
    this.lastYield = this.now();
    this.start = planShares(options.plan ?? []);
  }

  /** Runs `work` to the end, pausing as described above; rejects with the abort reason when cancelled. */
  async run<T>(work: PacedWork<T>): Promise<T> {
    this.options.signal?.throwIfAborted();
    for (;;) {
      const step = work.next();
      if (step.done) return step.value;
      this.report(step.value);
      if (this.now() - this.lastYield >= YIELD_MS) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        this.options.signal?.throwIfAborted();
        this.lastYield = this.now();
      }
    }
  }

  private report(mark: StageMark): void {
    const planned = this.start.get(mark.stage);
    if (planned) this.done = Math.max(this.done, Math.min(1, planned.from + planned.share * Math.min(1, Math.max(0, mark.fraction))));
    if (!this.options.onProgress) return;
    const t = this.now();
    if (this.reportedOnce && t - this.lastReport < PROGRESS_MS) return;
    this.reportedOnce = true;
    this.lastReport = t;
    this.options.onProgress({ stage: mark.stage, fraction: this.done });
  }
}
