"""Round trips between Collab and fastai/PyTorch, checked with real PyTorch.

fastai itself cannot be installed here, so the modules below restate fastai's collab models with
the same module tree (hence the same state_dict names and shapes): fastai/collab.py
(EmbeddingDotBias, EmbeddingNN), fastai/tabular/model.py (TabularModel) and fastai/layers.py
(Embedding, BatchNorm, LinBnDrop, SigmoidRange).

  check EXPORT_DIR PAIRS_JSON   load Collab's model.pth into the model hyperparameters.json
                                describes (strict=True) and compare its predictions of PAIRS_JSON
                                ([[user, item, collab_prediction], ...]) to 1e-5
  write OUT_DIR                 save fastai-shaped models with torch.save for Collab to import:
                                dot-learn.pth ({'model', 'opt'} as learn.save writes), nn-bare.pth
                                (a bare state_dict), nn-legacy.pth (pre-1.6 format), and
                                expected.json (their classes, y_range and predictions of sample pairs)
"""
import json
import sys

import torch
from torch import nn


class Embedding(nn.Embedding):
    """fastai's Embedding: nn.Embedding with a truncated-normal (std 0.01) start."""

    def __init__(self, ni, nf, std=0.01):
        super().__init__(ni, nf)
        with torch.no_grad():
            self.weight.normal_().fmod_(2).mul_(std)


class SigmoidRange(nn.Module):
    def __init__(self, low, high):
        super().__init__()
        self.low, self.high = low, high

    def forward(self, x):
        return torch.sigmoid(x) * (self.high - self.low) + self.low


def batch_norm(nf):
    """fastai's BatchNorm(nf, ndim=1): weight 1, bias 1e-3."""
    bn = nn.BatchNorm1d(nf)
    with torch.no_grad():
        bn.bias.fill_(1e-3)
        bn.weight.fill_(1.0)
    return bn


class LinBnDrop(nn.Sequential):
    """BatchNorm1d, Dropout and Linear; with lin_first the Linear (and act) come first."""

    def __init__(self, n_in, n_out, bn=True, p=0.0, act=None, lin_first=False):
        norm = [batch_norm(n_out if lin_first else n_in)] if bn else []
        if p != 0:
            norm.append(nn.Dropout(p))
        lin = [nn.Linear(n_in, n_out, bias=not bn)]
        if act is not None:
            lin.append(act)
        super().__init__(*(lin + norm if lin_first else norm + lin))


class TabularModel(nn.Module):
    def __init__(self, emb_szs, n_cont, out_sz, layers, ps=None, embed_p=0.0, y_range=None,
                 use_bn=True, bn_final=False, bn_cont=True, act_cls=nn.ReLU(inplace=True), lin_first=True):
        super().__init__()
        ps = [0] * len(layers) if ps is None else ps
        if not isinstance(ps, (list, tuple)):
            ps = [ps] * len(layers)
        self.embeds = nn.ModuleList([Embedding(ni, nf) for ni, nf in emb_szs])
        self.emb_drop = nn.Dropout(embed_p)
        self.bn_cont = nn.BatchNorm1d(n_cont) if bn_cont else None
        n_emb = sum(e.embedding_dim for e in self.embeds)
        self.n_emb, self.n_cont = n_emb, n_cont
        sizes = [n_emb + n_cont] + list(layers) + [out_sz]
        actns = [act_cls for _ in range(len(sizes) - 2)] + [None]
        blocks = [LinBnDrop(sizes[i], sizes[i + 1], bn=use_bn and (i != len(actns) - 1 or bn_final), p=p, act=a,
                            lin_first=lin_first) for i, (p, a) in enumerate(zip(list(ps) + [0.0], actns))]
        if y_range is not None:
            blocks.append(SigmoidRange(*y_range))
        self.layers = nn.Sequential(*blocks)

    def forward(self, x_cat, x_cont=None):
        x = torch.cat([e(x_cat[:, i]) for i, e in enumerate(self.embeds)], 1)
        return self.layers(self.emb_drop(x))


class EmbeddingNN(TabularModel):
    def __init__(self, emb_szs, layers, **kwargs):
        super().__init__(emb_szs=emb_szs, n_cont=0, out_sz=1, layers=layers, **kwargs)


class EmbeddingDotBias(nn.Module):
    def __init__(self, n_factors, n_users, n_items, y_range=None):
        super().__init__()
        self.y_range = y_range
        self.u_weight, self.i_weight, self.u_bias, self.i_bias = [
            Embedding(*o) for o in [(n_users, n_factors), (n_items, n_factors), (n_users, 1), (n_items, 1)]]

    def forward(self, x):
        users, items = x[:, 0], x[:, 1]
        res = (self.u_weight(users) * self.i_weight(items)).sum(1) + self.u_bias(users).squeeze() + self.i_bias(items).squeeze()
        if self.y_range is None:
            return res
        return torch.sigmoid(res) * (self.y_range[1] - self.y_range[0]) + self.y_range[0]


def build(h, n_users, n_items):
    """The model collab_learner builds for these hyperparameters."""
    y_range = tuple(h['y_range'])
    if h['use_nn']:
        return EmbeddingNN(emb_szs=[tuple(s) for s in h['emb_szs']], layers=h['layers'], ps=h.get('ps') or None, y_range=y_range)
    return EmbeddingDotBias(h['n_factors'], n_users, n_items, y_range=y_range)


def predict(model, pairs):
    model.eval()
    x = torch.tensor([[int(u), int(i)] for u, i in pairs], dtype=torch.long)
    with torch.no_grad():
        out = model(x) if isinstance(model, EmbeddingDotBias) else model(x, None)
    return out.reshape(-1).double().tolist()


def check(export_dir, pairs_path):
    h = json.load(open(f'{export_dir}/hyperparameters.json'))
    classes = json.load(open(f'{export_dir}/classes.json'))
    users, items = list(classes.values())
    assert users[0] == '#na#' and items[0] == '#na#', 'classes must start with #na#'
    model = build(h, len(users), len(items))
    state = torch.load(f'{export_dir}/model.pth')
    model.load_state_dict(state, strict=True)
    for name, t in state.items():
        assert t.shape == model.state_dict()[name].shape, name
    pairs = json.load(open(pairs_path))
    got = predict(model, [(u, i) for u, i, _ in pairs])
    diff = max(abs(g - e) for g, (_, _, e) in zip(got, pairs))
    print(json.dumps({'model': h['model'], 'pairs': len(pairs), 'maxAbsDiff': diff, 'names': list(state.keys())}))
    return 0 if diff <= 1e-5 else 1


def write(out_dir):
    torch.manual_seed(7)
    users = ['#na#'] + [f'u{k}' for k in range(1, 31)]
    items = ['#na#'] + [f'Film {k:02d}' for k in range(1, 21)]
    classes = {'user': users, 'title': items}
    pairs = [[u, i] for u in range(1, 31, 3) for i in range(1, 21, 4)]
    dot = EmbeddingDotBias(8, len(users), len(items), y_range=(0, 5.5))
    with torch.no_grad():
        for p in dot.parameters():
            p.normal_(0, 0.3)
    opt = {'state': [{'grad_avg': torch.zeros(3), 'step': 4}], 'hypers': [{'lr': 0.005, 'mom': 0.9, 'wd': 0.1}]}
    torch.save({'model': dot.state_dict(), 'opt': opt}, f'{out_dir}/dot-learn.pth')
    net = EmbeddingNN(emb_szs=[(len(users), 6), (len(items), 5)], layers=[16, 8], y_range=(0.5, 5.25))
    with torch.no_grad():
        for p in net.parameters():
            p.normal_(0, 0.3)
        for m in net.modules():
            if isinstance(m, nn.BatchNorm1d) and m.num_features > 0:
                m.running_mean.uniform_(0, 0.5)
                m.running_var.uniform_(0.5, 2)
    torch.save(net.state_dict(), f'{out_dir}/nn-bare.pth')
    torch.save(net.state_dict(), f'{out_dir}/nn-legacy.pth', _use_new_zipfile_serialization=False)
    expected = {'classes': classes, 'pairs': pairs,
                'dot': {'y_range': [0, 5.5], 'n_factors': 8, 'predictions': predict(dot, pairs)},
                'nn': {'y_range': [0.5, 5.25], 'layers': [16, 8], 'predictions': predict(net, pairs)}}
    json.dump(classes, open(f'{out_dir}/classes.json', 'w'))
    json.dump(expected, open(f'{out_dir}/expected.json', 'w'))
    print(json.dumps({'written': ['dot-learn.pth', 'nn-bare.pth', 'nn-legacy.pth', 'classes.json', 'expected.json']}))
    return 0


if __name__ == '__main__':
    mode = sys.argv[1] if len(sys.argv) > 1 else ''
    if mode == 'check' and len(sys.argv) == 4:
        sys.exit(check(sys.argv[2], sys.argv[3]))
    if mode == 'write' and len(sys.argv) == 3:
        sys.exit(write(sys.argv[2]))
    print(__doc__)
    sys.exit(2)
