/** The training records' shuffle before each epoch: one seeded generator carried across all epochs. */
import type { Kernels } from '../../kernels';
import type { PacedWork } from '../data/paced';
import { CHUNK } from './fit-memory';

/** Shuffles n records at byte offset `at` in place, epoch after epoch. */
export class RecordShuffle {
  /** mulberry32's state, seeded like src/core/data/random.ts's seededRandom(seed + 1). */
  private state: number;

  constructor(private readonly kernels: Kernels, private readonly at: number, private readonly n: number, seed: number) {
    this.state = (seed + 1) >>> 0;
  }

  /** One epoch's Fisher-Yates shuffle, a chunk of records per kernel call, pausing before each. */
  *epoch(stage: string): PacedWork<void> {
    const { kernels, at, n } = this;
    for (let from = n - 1; from > 0; from -= CHUNK) {
      yield { stage, fraction: 1 - from / n };
      this.state = kernels.shuffleRecords(at, from, from - CHUNK, this.state);
    }
  }
}
