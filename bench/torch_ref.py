"""PyTorch reference of fastai's collab recipe, for bench/run.mjs (plain PyTorch, no fastai install).

Same semantics as fastai's `collab_learner(...).fit_one_cycle(epochs, lr, wd=wd)`:
  * EmbeddingDotBias: fastai Embedding (trunc_normal_ std 0.01: normal().fmod_(2) * std) for factors
    and biases, sigmoid_range(u.i + bu + bi, *y_range).
  * EmbeddingNN = TabularModel(n_cont=0, out_sz=1): embeddings (emb_sz_rule), concat, per layer
    LinBnDrop(lin_first=True) = Linear(no bias) -> ReLU -> BatchNorm1d (weight 1, bias 1e-3),
    then Linear(last, 1) and SigmoidRange.
  * fastai's Adam with decoupled wd (mom 0.9 scheduled, sqr_mom 0.99, eps 1e-5): torch.optim.AdamW
    computes exactly p *= 1-lr*wd; m,v; p -= lr/(1-b1^t) * m/(sqrt(v/(1-b2^t))+eps), with the current
    (scheduled) beta1 in the debias term, as fastai does. BatchNorm and bias parameters get no wd
    (fastai's wd_bn_bias=False).
  * fit_one_cycle: lr cosine lr/25 -> lr (25%) -> lr/1e5, beta1 0.95 -> 0.85 -> 0.95, evaluated
    before each batch at pos = step/total; shuffled batches with drop_last, MSE loss (batch mean).
Reads the split file written by bench/ours.ts (see bench/split-file.ts). Prints one JSON line.
Loop hygiene (same arithmetic, same results, fewer wasted cycles): glibc malloc is told to keep freed
blocks (AdamW's per-step temporaries are ~300 KiB, above malloc's mmap threshold, so every step paid
~50 page faults), grads are dropped with set_to_none (PyTorch 2's default), and each epoch's shuffled
rows are gathered once so a batch is a contiguous slice.
"""
import argparse
import ctypes
import json
import math
import resource
import sys
import time

import numpy as np
import torch
from torch import nn


def read_split(path):
    header = np.fromfile(path, dtype=np.int32, count=8)
    if header[0] != 0x31424C43:
        sys.exit(f"{path} is not a benchmark split file")
    n_train, n_valid, n_users, n_items = (int(x) for x in header[1:5])
    n = n_train + n_valid
    users = np.fromfile(path, dtype=np.int32, count=n, offset=32)
    items = np.fromfile(path, dtype=np.int32, count=n, offset=32 + 4 * n)
    ratings = np.fromfile(path, dtype=np.float32, count=n, offset=32 + 8 * n)
    return n_train, n_users, n_items, users, items, ratings


def keep_freed_memory():
    """Stop glibc from unmapping and re-faulting large tensor temporaries every step (PyTorch's CPU tuning
    guide recommends jemalloc/tcmalloc for the same reason); a no-op where libc is not glibc."""
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(-3, 64 << 20)  # M_MMAP_THRESHOLD
        libc.mallopt(-1, 256 << 20)  # M_TRIM_THRESHOLD
    except (OSError, AttributeError):
        pass


def trunc_normal_(x, std=0.01):
    with torch.no_grad():
        return x.normal_().fmod_(2).mul_(std)


def embedding(ni, nf):
    e = nn.Embedding(ni, nf)
    trunc_normal_(e.weight)
    return e


def sigmoid_range(x, lo, hi):
    return torch.sigmoid(x) * (hi - lo) + lo


class EmbeddingDotBias(nn.Module):
    def __init__(self, n_factors, n_users, n_items, y_range):
        super().__init__()
        self.y_range = y_range
        self.u_weight, self.i_weight = embedding(n_users, n_factors), embedding(n_items, n_factors)
        self.u_bias, self.i_bias = embedding(n_users, 1), embedding(n_items, 1)

    def forward(self, users, items):
        dot = (self.u_weight(users) * self.i_weight(items)).sum(1)
        res = dot + self.u_bias(users).squeeze(1) + self.i_bias(items).squeeze(1)
        return sigmoid_range(res, *self.y_range)


def emb_sz_rule(n):
    return min(600, round(1.6 * n ** 0.56))


def bn(nf):
    b = nn.BatchNorm1d(nf)
    b.bias.data.fill_(1e-3)
    b.weight.data.fill_(1.0)
    return b


class EmbeddingNN(nn.Module):
    def __init__(self, n_users, n_items, layers, y_range, p=0.0):
        super().__init__()
        self.y_range = y_range
        self.u_emb, self.i_emb = embedding(n_users, emb_sz_rule(n_users)), embedding(n_items, emb_sz_rule(n_items))
        sizes = [self.u_emb.embedding_dim + self.i_emb.embedding_dim] + layers
        blocks = []
        for n_in, n_out in zip(sizes[:-1], sizes[1:]):
            blocks += [nn.Linear(n_in, n_out, bias=False), nn.ReLU(inplace=True), bn(n_out)]
            if p:
                blocks.append(nn.Dropout(p))
        blocks.append(nn.Linear(sizes[-1], 1))
        self.layers = nn.Sequential(*blocks)

    def forward(self, users, items):
        x = torch.cat([self.u_emb(users), self.i_emb(items)], 1)
        return sigmoid_range(self.layers(x).squeeze(1), *self.y_range)


def sched_cos(start, end, pos):
    return start + (1 + math.cos(math.pi * (1 - pos))) * (end - start) / 2


def combined_cos(pct, start, middle, end, pos):
    return sched_cos(start, middle, pos / pct) if pos < pct else sched_cos(middle, end, (pos - pct) / (1 - pct))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("split")
    ap.add_argument("--model", default="dot")
    ap.add_argument("--epochs", type=int, default=5)
    ap.add_argument("--bs", type=int, default=64)
    ap.add_argument("--lr", type=float, default=5e-3)
    ap.add_argument("--wd", type=float, default=0.1)
    ap.add_argument("--factors", type=int, default=50)
    ap.add_argument("--layers", default="100,50")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--y-range", default="0,5.5")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--max-steps", type=int, default=0, help="stop after this many steps (timing a sample of a long run)")
    a = ap.parse_args()
    keep_freed_memory()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    n_train, n_users, n_items, users, items, ratings = read_split(a.split)
    users, items, ratings = torch.from_numpy(users.astype(np.int64)), torch.from_numpy(items.astype(np.int64)), torch.from_numpy(ratings)
    tu, ti, tr = users[:n_train], items[:n_train], ratings[:n_train]
    vu, vi, vr = users[n_train:], items[n_train:], ratings[n_train:]
    y_range = tuple(float(x) for x in a.y_range.split(","))
    if a.model == "dot":
        model = EmbeddingDotBias(a.factors, n_users, n_items, y_range)
        decay, no_decay = list(model.parameters()), []
    else:
        model = EmbeddingNN(n_users, n_items, [int(x) for x in a.layers.split(",") if x], y_range)
        no_decay = [p for m in model.modules() if isinstance(m, nn.BatchNorm1d) for p in m.parameters()]
        no_decay += [m.bias for m in model.modules() if isinstance(m, nn.Linear) and m.bias is not None]
        ids = {id(p) for p in no_decay}
        decay = [p for p in model.parameters() if id(p) not in ids]
    groups = [{"params": decay, "weight_decay": a.wd}]
    if no_decay:
        groups.append({"params": no_decay, "weight_decay": 0.0})
    opt = torch.optim.AdamW(groups, lr=a.lr, betas=(0.95, 0.99), eps=1e-5)
    steps_per_epoch = n_train // a.bs
    total = steps_per_epoch * a.epochs
    loss_fn = nn.MSELoss()
    history = []
    step = 0
    t0 = time.perf_counter()
    cpu0 = time.process_time()
    for epoch in range(a.epochs):
        te = time.perf_counter()
        model.train()
        perm = torch.randperm(n_train)
        eu, ei, er = tu[perm], ti[perm], tr[perm]
        for b in range(steps_per_epoch):
            pos = step / total
            for g in opt.param_groups:
                g["lr"] = combined_cos(0.25, a.lr / 25, a.lr, a.lr / 1e5, pos)
                g["betas"] = (combined_cos(0.25, 0.95, 0.85, 0.95, pos), 0.99)
            rows = slice(b * a.bs, (b + 1) * a.bs)
            loss = loss_fn(model(eu[rows], ei[rows]), er[rows])
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            step += 1
            if a.max_steps and step >= a.max_steps:
                break
        model.eval()
        with torch.no_grad():
            pred = torch.cat([model(vu[k:k + 8192], vi[k:k + 8192]) for k in range(0, len(vu), 8192)])
            mse = float(((pred - vr) ** 2).mean())
        history.append({"epoch": epoch + 1, "validMse": mse, "seconds": time.perf_counter() - te})
        if a.max_steps and step >= a.max_steps:
            break
    seconds = time.perf_counter() - t0
    cpu = time.process_time() - cpu0
    print(json.dumps({
        "impl": f"pytorch-{torch.__version__}-threads{a.threads}", "model": a.model, "seconds": seconds, "cpuSeconds": cpu,
        "steps": step, "ratingsPerSecond": step * a.bs / seconds, "validMse": history[-1]["validMse"],
        "validRmse": math.sqrt(history[-1]["validMse"]),
        "peakRssMiB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "epochs": history,
    }))


if __name__ == "__main__":
    main()
