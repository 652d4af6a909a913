"""Independent numpy re-implementation of fastai's lr_find record and suggestions, run on synthetic curves.

What it re-implements (fastai/callback/schedule.py, read through the search tool, written anew here):
- lrs: start * (end / start) ** (i / num_it), i = 0 .. num_it - 1 (SchedExp at train_iter / num_it);
- the Recorder's smooth loss: EMA with beta 0.98, debiased by 1 - beta ** count;
- stop after the batch whose smoothed loss exceeds 4x the best (stop_div), or after num_it batches;
- suggestions on the record cut to [num_it // 10 : -5], then cut at the first NaN;
- valley: the longest strictly decreasing subsequence, with fastai's bookkeeping (start = end - length,
  one before the run's first point; a negative index wraps as in Python), computed here with cumulative
  maxima instead of the double loop;
- minimum (a tenth of the lr at the lowest loss), steep (steepest fall against log lr), slide.

Usage: python3 bench/lr_find_check.py  -> prints a table and writes bench/results/lr_find_check.json.
test/unit/train/lr-find.test.ts builds the same curves, runs Collab's LrFinderState and suggestLr on
them and checks every suggestion against the figures printed here.
"""
import json
import os

import numpy as np

START, END, NUM_IT = 1e-7, 10.0, 100


def schedule(num_it=NUM_IT, start=START, end=END):
    return start * (end / start) ** (np.arange(num_it) / num_it)


def minstd(seed, n):
    """Park-Miller minimal standard generator: exact integer steps, the same in any language."""
    out, x = [], seed
    for _ in range(n):
        x = (48271 * x) % 2147483647
        out.append(x / 2147483647)
    return np.array(out)


def curves():
    lrs = schedule()
    x = np.log10(lrs)
    i = np.arange(NUM_IT)
    fastai_like = 0.9 + 0.3 / (1 + lrs / 3e-4) + 0.1 * (lrs / 2e-2) ** 2
    return {
        'u-shape': 1 + 0.08 * (x + 3) ** 2,
        'fastai-like': fastai_like,
        'noisy': fastai_like + 0.05 * (minstd(42, NUM_IT) - 0.5),
        'wavy-u': 1 + 0.08 * (x + 3) ** 2 + 0.03 * np.sin(7 * i),
    }


def record(raw, lrs):
    """The lrs and smoothed losses fastai's Recorder keeps, with LRFinder's stop rule."""
    avg, best, kept = 0.0, np.inf, []
    for count, loss in enumerate(raw, start=1):
        avg = 0.98 * avg + 0.02 * loss
        smooth = avg / (1 - 0.98 ** count)
        kept.append(smooth)
        best = min(best, smooth)
        if smooth > 4 * best:
            break
    return lrs[:len(kept)], np.array(kept)


def trimmed(lrs, losses, num_it=NUM_IT):
    end = max(0, len(losses) - 5)
    lrs, losses = lrs[num_it // 10:end], losses[num_it // 10:end]
    nan = np.flatnonzero(np.isnan(losses))
    return (lrs[:nan[0]], losses[:nan[0]]) if len(nan) else (lrs, losses)


def valley_index(losses):
    n = len(losses)
    lds = np.ones(n, dtype=np.int64)
    start = end = 0
    for i in range(1, n):
        # the length of the longest decreasing run ending at i, as it grows over j = 0 .. i-1
        running = np.maximum.accumulate(np.where(losses[:i] > losses[i], lds[:i] + 1, 1))
        lds[i] = running[-1]
        longer = np.flatnonzero(running > lds[end])
        if len(longer):
            start, end = i - running[longer[0]], i
    third = (end - start) / 3
    return (start + int(third) + int(third / 2)) % n


def slide_lr(lrs, losses, lr_diff=15, thresh=0.005):
    grad = np.gradient(losses)
    n = len(losses)
    r, l = n - 1, n - 1 - lr_diff
    found = lrs[l]
    while l >= 0 and abs(grad[r] - grad[l]) > thresh:
        found = lrs[l]
        r, l = r - 1, l - 1
    return float(found)


def suggestions(lrs, losses):
    v = valley_index(losses)
    m = int(np.argmin(losses))
    s = int(np.argmin(np.diff(losses) / np.diff(np.log(lrs))))
    return {
        'valley': {'lr': float(lrs[v]), 'index': int(v)},
        'minimum': {'lr': float(lrs[m] / 10), 'index': m},
        'steep': {'lr': float(lrs[s]), 'index': s},
        'slide': {'lr': slide_lr(lrs, losses)},
    }


def main():
    out = {'startLr': START, 'endLr': END, 'numIt': NUM_IT, 'curves': {}}
    for name, raw in curves().items():
        lrs, losses = record(raw, schedule())
        cut_lrs, cut_losses = trimmed(lrs, losses)
        found = suggestions(cut_lrs, cut_losses)
        out['curves'][name] = {'recorded': len(losses), 'losses': [float(v) for v in losses], 'suggestions': found}
        print(f"{name:12s} recorded {len(losses):3d}  " + '  '.join(f"{k} {v['lr']:.6g}" for k, v in found.items()))
    path = os.path.join(os.path.dirname(__file__), 'results', 'lr_find_check.json')
    with open(path, 'w') as f:
        json.dump(out, f, indent=1)
    print('wrote', path)


if __name__ == '__main__':
    main()
