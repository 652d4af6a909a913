"""Checks bench/recommenders-protocol.ts's reproduction of Microsoft Recommenders' stratified split.

Their python_stratified_split(ratio=0.75, filter_by="item", seed=42) as numpy operations: one
np.random.rand() per row of u.data in file order after np.random.seed(42), rows ordered by (item,
that number), the first np.round(0.75 * count) rows of each item to training. Written here from
the procedure (pandas is not needed). Prints one JSON line: whether the test rows are the same.
  python3 bench/recommenders_split.py u.data test-lines.json
"""
import json
import sys

import numpy as np


def main(data_path, lines_path):
    data = np.loadtxt(data_path, dtype=np.int64)
    items = data[:, 1]
    np.random.seed(42)
    random = np.random.rand(len(data))
    order = np.lexsort((random, items))  # by item, then by the random number
    sorted_items = items[order]
    starts = np.r_[0, np.flatnonzero(np.diff(sorted_items)) + 1]
    counts = np.diff(np.r_[starts, len(order)])
    rank = np.arange(len(order)) - np.repeat(starts, counts) + 1
    count = np.repeat(counts, counts)
    in_test = np.zeros(len(data), dtype=bool)
    in_test[order] = rank > np.round(0.75 * count)
    theirs = np.flatnonzero(in_test)
    with open(lines_path) as f:
        ours = np.array(json.load(f), dtype=np.int64)
    same = len(ours) == len(theirs) and bool(np.all(ours == theirs))
    print(json.dumps({"numpyTestRows": int(len(theirs)), "oursTestRows": int(len(ours)), "sameRows": same,
                      "firstRandom": float(random[0]), "numpy": np.__version__}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
