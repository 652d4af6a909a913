/** fastai's rule of thumb for an embedding's width given a vocabulary of n classes ('#na#' included). */
export function embSizeRule(n: number): number {
  return Math.min(600, Math.round(1.6 * Math.pow(n, 0.56)));
}
