/** fastai's AvgSmoothLoss: an exponential moving average of the batch loss, debiased. */
export class SmoothLoss {
  private average = 0;
  private count = 0;

  constructor(private readonly beta = 0.98) {}

  /** Adds one batch's mean loss. */
  add(loss: number): void {
    this.average = this.beta * this.average + (1 - this.beta) * loss;
    this.count++;
  }

  /** The debiased average (NaN before the first batch). */
  get value(): number {
    return this.count ? this.average / (1 - Math.pow(this.beta, this.count)) : NaN;
  }
}
