/**
 * Messages between a study panel's host (src/extension/studies) and its webview (webview/src/study):
 * the learning-rate finder's panel and the tuning sweep's panel. The host owns the state and sends
 * it whole on `study/ready` (the webview is rebuilt when shown again), then sends what changes. The
 * webview's messages are one-way requests to act (train, cancel), checked by parseStudyMessage.
 */
import type { LrSuggestion, SuggestionMethod } from '../core/train/lr-find';
import type { TuneMetric } from '../core/tune/metric';
import type { TunableOption, TuneResult } from '../core/tune/types';

export type { TuneResult };

/** Which study a panel shows. */
export type StudyKind = 'lr-find' | 'tune';

/** One recorded batch of the range test. */
export interface LrPoint { lr: number; loss: number }

/** Everything the learning-rate finder's panel draws. */
export interface LrFindState {
  /** Source file and model, as one line ("u.data · dot, 50 factors, bs 64"). */
  title: string;
  file: string;
  status: 'loading' | 'running' | 'done' | 'failed' | 'cancelled';
  /** While loading: what is being done ("reading 45%"). */
  progress?: string;
  points: LrPoint[];
  /** fastai's default suggestion (valley). */
  suggestion?: LrSuggestion;
  suggestions?: Partial<Record<SuggestionMethod, LrSuggestion>>;
  /** The learning rate the settings would train with (drawn for comparison). */
  currentLr: number;
  seconds?: number;
  engine?: string;
  bs?: number;
  error?: string;
}

/** Everything the tuning panel draws. */
export interface TuneState {
  title: string;
  file: string;
  status: 'loading' | 'running' | 'done' | 'budget' | 'cancelled' | 'failed';
  metric: TuneMetric;
  lowerIsBetter: boolean;
  /** How the configurations were chosen ("grid factors=50,100 wd=0.1,0.2"). */
  space: string;
  /** Configurations in the space (known once the data is loaded). */
  configs?: number;
  folds: number;
  parallel?: number;
  /** The parameters the space varies (the heatmap's axes come from these). */
  params: TunableOption[];
  /** Finished configurations in finishing order. */
  results: TuneResult[];
  /** `index` of the best finished configuration by `metric`. */
  best?: number;
  /** The sweep's folder once saved. */
  dir?: string;
  /** A saved sweep that did not finish (cancelled, or stopped by its budget) and can be continued. */
  resumable?: boolean;
  /** Wall seconds so far (the host's clock when sent). */
  seconds: number;
  error?: string;
}

// ---- host -> webview ----
/** The whole state of an lr_find panel (sent on ready and on every change: at most ~100 points). */
export interface LrStateMessage { type: 'lr/state'; state: LrFindState }
/** The whole state of a tuning panel (sent on ready and when the sweep starts or ends). */
export interface TuneStateMessage { type: 'tune/state'; state: TuneState }
/** One more finished configuration (the webview appends it and recomputes the best). */
export interface TuneResultMessage { type: 'tune/result'; result: TuneResult; best?: number; seconds: number }
export type HostToStudy = LrStateMessage | TuneStateMessage | TuneResultMessage;

// ---- webview -> host ----
/** The webview listens: the host answers with its whole state. */
export interface StudyReadyMessage { type: 'study/ready' }
/** Stop the range test or the sweep (a sweep keeps and saves what finished). */
export interface StudyCancelMessage { type: 'study/cancel' }
/** Train a model on the same file with this learning rate (the finder's "Train with this rate"). */
export interface LrTrainMessage { type: 'lr/train'; lr: number }
/** Train and save one configuration of the sweep as a normal run (the best by default). */
export interface TuneTrainMessage { type: 'tune/train'; index: number }
/** Continue this saved sweep: only its missing configurations run. */
export interface TuneResumeMessage { type: 'tune/resume' }
export type StudyToHost = StudyReadyMessage | StudyCancelMessage | LrTrainMessage | TuneTrainMessage | TuneResumeMessage;

/** What a study webview keeps through `setState`: the saved sweep to reopen after a window reload. */
export interface StudyPanelState { tuneDir?: string }

/** A message from a study webview, checked (the webview renders file content; treat what it sends as untrusted). */
export function parseStudyMessage(raw: unknown): StudyToHost | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const m = raw as Record<string, unknown>;
  switch (m.type) {
    case 'study/ready':
    case 'study/cancel':
    case 'tune/resume':
      return { type: m.type };
    case 'lr/train':
      return typeof m.lr === 'number' && Number.isFinite(m.lr) && m.lr > 0 && m.lr < 100 ? { type: 'lr/train', lr: m.lr } : undefined;
    case 'tune/train':
      return Number.isInteger(m.index) && (m.index as number) >= 0 ? { type: 'tune/train', index: m.index as number } : undefined;
    default:
      return undefined;
  }
}
