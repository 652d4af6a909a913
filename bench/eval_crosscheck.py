"""Independent numpy implementation of Collab's ranking metrics and baselines (issue 13), for
bench/eval-crosscheck.ts. Reads the raw arrays it wrote (little-endian, vocabulary indices,
0 = '#na#') and prints one JSON line with the same figures.

Definitions (the same as src/core/eval/ranking.ts, written again from the issue's text):
  candidates of u: items 1..nItems-1 that u did not rate in training, ranked by predicted rating
    (descending), ties by the smaller index (a stable sort of -score over ascending indices);
  relevant of u: distinct candidates u rated >= threshold in validation;
  evaluated users: u >= 1 with at least one relevant item;
  precision = hits/k, recall = hits/|rel|, ndcg = DCG/IDCG with DCG = sum rel_i/log2(i+1) over
    ranks i <= k and IDCG over min(k, |rel|) hits, map = sum over hit ranks of precision@i /
    min(k, |rel|), hitRate = hits > 0; means over evaluated users;
  coverage = distinct items over all top-k lists / (nItems - 1).
Baselines: global mean; Surprise's baseline_als (items then users per epoch, reg_i 10, reg_u 15,
10 epochs) with predictions clipped to the rating range, ranked by the item bias; popularity =
training count.
"""
import json
import os
import sys
import time

import numpy as np


def load(d, name, dtype):
    return np.fromfile(os.path.join(d, name + '.bin'), dtype=dtype)


def ranking(score_of_user, train_mask, relevant_mask, k):
    n_users, n_items = train_mask.shape
    idx = np.arange(n_items)
    totals = dict(precision=0.0, recall=0.0, ndcg=0.0, map=0.0, hitRate=0.0)
    covered = np.zeros(n_items, dtype=bool)
    users = 0
    for u in range(1, n_users):
        rel = relevant_mask[u]
        n_rel = int(rel.sum())
        if n_rel == 0:
            continue
        users += 1
        cand = idx[(idx > 0) & ~train_mask[u]]
        scores = score_of_user(u)[cand]
        top = cand[np.argsort(-scores, kind='stable')][:k]
        covered[top] = True
        is_hit = rel[top]
        ranks = np.arange(1, len(top) + 1)
        hits = int(is_hit.sum())
        dcg = float(np.sum(is_hit / np.log2(ranks + 1)))
        cut = min(k, n_rel)
        idcg = float(np.sum(1.0 / np.log2(np.arange(1, cut + 1) + 1)))
        prec_at = np.cumsum(is_hit) / ranks
        totals['precision'] += hits / k
        totals['recall'] += hits / n_rel
        totals['ndcg'] += dcg / idcg
        totals['map'] += float(np.sum(prec_at[is_hit])) / cut
        totals['hitRate'] += 1.0 if hits > 0 else 0.0
    out = {key: value / users for key, value in totals.items()}
    out['users'] = users
    out['coverage'] = int(covered.sum()) / (n_items - 1)
    return out


def main(d):
    meta = json.load(open(os.path.join(d, 'meta.json')))
    n_users, n_items, f, k, threshold = meta['nUsers'], meta['nItems'], meta['factors'], meta['k'], meta['threshold']
    lo_y, hi_y = meta['yRange']
    lo_r, hi_r = meta['ratingRange']
    users, items = load(d, 'users', np.int32), load(d, 'items', np.int32)
    ratings = load(d, 'ratings', np.float32).astype(np.float64)
    train, valid = load(d, 'train', np.int32), load(d, 'valid', np.int32)
    U = load(d, 'user_weight', np.float32).reshape(n_users, f).astype(np.float64)
    V = load(d, 'item_weight', np.float32).reshape(n_items, f).astype(np.float64)
    bu = load(d, 'user_bias', np.float32).astype(np.float64)
    bi = load(d, 'item_bias', np.float32).astype(np.float64)

    started = time.perf_counter()
    tu, ti, tr = users[train], items[train], ratings[train]
    vu, vi, vr = users[valid], items[valid], ratings[valid]
    train_mask = np.zeros((n_users, n_items), dtype=bool)
    train_mask[tu, ti] = True
    relevant_mask = np.zeros((n_users, n_items), dtype=bool)
    keep = (vr >= threshold) & (vu > 0) & (vi > 0)
    relevant_mask[vu[keep], vi[keep]] = True
    relevant_mask &= ~train_mask
    relevant_mask[:, 0] = False

    scores = U @ V.T + bu[:, None] + bi[None, :]
    scores = lo_y + (hi_y - lo_y) / (1.0 + np.exp(-scores))
    model = ranking(lambda u: scores[u], train_mask, relevant_mask, k)
    seconds = time.perf_counter() - started

    mean = float(tr.mean())

    def errors(pred):
        err = pred - vr
        mse = float(np.mean(err * err))
        return dict(mse=mse, rmse=float(np.sqrt(mse)), mae=float(np.mean(np.abs(err))))

    # Surprise's baseline_als, written over per-item and per-user sums.
    item_count = np.bincount(ti, minlength=n_items).astype(np.float64)
    user_count = np.bincount(tu, minlength=n_users).astype(np.float64)
    b_u, b_i = np.zeros(n_users), np.zeros(n_items)
    for _ in range(10):
        dev_i = np.bincount(ti, weights=tr - mean - b_u[tu], minlength=n_items)
        b_i = np.where(item_count > 0, dev_i / (10.0 + item_count), 0.0)
        dev_u = np.bincount(tu, weights=tr - mean - b_i[ti], minlength=n_users)
        b_u = np.where(user_count > 0, dev_u / (15.0 + user_count), 0.0)
    ours_bi = load(d, 'als_item_bias', np.float64)
    ours_bu = load(d, 'als_user_bias', np.float64)
    als_diff = float(max(np.max(np.abs(ours_bi - b_i)), np.max(np.abs(ours_bu - b_u))))
    bias_pred = np.clip(mean + b_u[vu] + b_i[vi], lo_r, hi_r)
    counts = item_count

    print(json.dumps(dict(
        modelRanking=model,
        globalMean=dict(mean=mean, **errors(np.full_like(vr, mean))),
        biasOnly=dict(**errors(bias_pred), ranking=ranking(lambda u: b_i, train_mask, relevant_mask, k)),
        popularity=dict(ranking=ranking(lambda u: counts, train_mask, relevant_mask, k)),
        alsMaxAbsDiff=als_diff,
        seconds=seconds,
    )))


if __name__ == '__main__':
    main(sys.argv[1])
