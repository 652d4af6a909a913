// Validation error sums, so the metrics need no pass over the predictions in JavaScript.

/**
 * Squared and absolute errors of n f32 predictions at `pred` against the ratings of the n records
 * at `triples`, summed in double precision; written as f64 at out (squared) and out + 8 (absolute).
 */
export function recordErrors(triples: usize, n: i32, pred: usize, out: usize): void {
  let se: f64 = 0;
  let ae: f64 = 0;
  for (let j = 0; j < n; j++) {
    const e = <f64>load<f32>(pred + (<usize>j << 2)) - <f64>load<f32>(triples + <usize>j * 12, 8);
    se += e * e;
    ae += Math.abs(e);
  }
  store<f64>(out, se);
  store<f64>(out, ae, 8);
}
