/**
 * The one optimiser definition: fastai's Adam with decoupled weight decay, as used by
 * `fit_one_cycle` (betas 0.9/0.99 with beta1 scheduled, eps 1e-5):
 *   p *= 1 - lr*wd                                  (weight_decay, skipped where wd does not apply)
 *   m = beta1*m + (1-beta1)*g                       (average_grad, dampening)
 *   v = beta2*v + (1-beta2)*g^2                     (average_sqr_grad)
 *   p -= lr/(1-beta1^t) * m / (sqrt(v/(1-beta2^t)) + eps)   (adam_step; debias with the current beta1)
 * Kernels (TypeScript and WebAssembly) receive the per-step coefficients below and apply exactly this.
 */

/** Fixed Adam hyper-parameters (fastai's defaults). */
export const ADAM_BETA2 = 0.99;
export const ADAM_EPS = 1e-5;

/** Per-step coefficients of the update, computed once per batch. */
export interface AdamStep {
  /** beta1 and 1 - beta1. */
  b1: number;
  c1: number;
  b2: number;
  c2: number;
  /** lr / (1 - beta1^t). */
  step: number;
  /** 1 / (1 - beta2^t). */
  rdb2: number;
  /** 1 - lr*wd: the decoupled weight decay factor (1 for parameters without decay). */
  decay: number;
  eps: number;
}

/** Coefficients for step t (1-based) at learning rate lr and momentum beta1. */
export function adamStep(t: number, lr: number, beta1: number, wd: number): AdamStep {
  return setAdamStep({ b1: 0, c1: 0, b2: 0, c2: 0, step: 0, rdb2: 0, decay: 0, eps: 0 }, t, lr, beta1, wd);
}

/** Writes step t's coefficients into `out` (no allocation in the training loop). */
export function setAdamStep(out: AdamStep, t: number, lr: number, beta1: number, wd: number): AdamStep {
  out.b1 = beta1;
  out.c1 = 1 - beta1;
  out.b2 = ADAM_BETA2;
  out.c2 = 1 - ADAM_BETA2;
  out.step = lr / (1 - Math.pow(beta1, t));
  out.rdb2 = 1 / (1 - Math.pow(ADAM_BETA2, t));
  out.decay = 1 - lr * wd;
  out.eps = ADAM_EPS;
  return out;
}

/** The same step without weight decay (fastai leaves BatchNorm and bias parameters undecayed: wd_bn_bias=False). */
export function withoutDecay(s: AdamStep): AdamStep {
  return { ...s, decay: 1 };
}
