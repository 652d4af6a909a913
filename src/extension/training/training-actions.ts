/** What the status bar item's Quick Pick offers for a running training, in order. Pure. */

/** One action on a running training. */
export type TrainingAction = 'panel' | 'cancel' | 'log';

/** The Quick Pick rows: show the panel first (the safe choice Enter takes), cancel never first. */
export function trainingActions(): { label: string; detail: string; action: TrainingAction }[] {
  return [
    { label: '$(graph-line) Show Panel', detail: 'the run\u2019s loss, drawn as it trains', action: 'panel' },
    { label: '$(debug-stop) Cancel Training', detail: 'stop the trainer; nothing is saved', action: 'cancel' },
    { label: '$(output) Show Log', detail: 'the Collab output channel', action: 'log' },
  ];
}
