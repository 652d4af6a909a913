/** Validation metrics from predictions and targets. */

/** MSE, RMSE and MAE of predictions against ratings (NaN when there are none). */
export interface RegressionMetrics {
  mse: number;
  rmse: number;
  mae: number;
}

/** Metrics over the first n values (accumulated in double precision). */
export function regressionMetrics(predictions: Float32Array, targets: Float32Array, n = predictions.length): RegressionMetrics {
  let se = 0;
  let ae = 0;
  for (let r = 0; r < n; r++) {
    const e = predictions[r] - targets[r];
    se += e * e;
    ae += Math.abs(e);
  }
  return metricsFromSums(se, ae, n);
}

/** Metrics from the sums of squared (se) and absolute (ae) errors over n values. */
export function metricsFromSums(se: number, ae: number, n: number): RegressionMetrics {
  const mse = n ? se / n : NaN;
  return { mse, rmse: Math.sqrt(mse), mae: n ? ae / n : NaN };
}
