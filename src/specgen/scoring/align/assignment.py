"""Maximum-weight one-to-one assignment (Hungarian algorithm, O(n²m) with numpy inner loops).

scipy.optimize.linear_sum_assignment does the same, but importing scipy.optimize costs ~0.5 s of
cold start, which an officer running the CLI once would wait for every time.
"""

from __future__ import annotations

import numpy as np


def max_assignment(score: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows and columns of a maximum-total-score matching (each row and column used at most once)."""
    score = np.asarray(score, dtype=np.float64)
    n, m = score.shape
    if n == 0 or m == 0:
        return np.zeros(0, dtype=int), np.zeros(0, dtype=int)
    transposed = n > m
    cost = -(score.T if transposed else score)  # minimise; rows ≤ columns
    rows, cols = _hungarian(cost)
    if transposed:
        rows, cols = cols, rows
        order = np.argsort(rows)
        rows, cols = rows[order], cols[order]
    return rows, cols


def _hungarian(cost: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    n, m = cost.shape  # n <= m
    u = np.zeros(n + 1)
    v = np.zeros(m + 1)
    p = np.zeros(m + 1, dtype=int)      # p[j]: row (1-based) matched to column j; 0 = free
    way = np.zeros(m + 1, dtype=int)
    for i in range(1, n + 1):
        p[0] = i
        j0 = 0
        minv = np.full(m + 1, np.inf)
        used = np.zeros(m + 1, dtype=bool)
        while True:
            used[j0] = True
            i0 = p[j0]
            free = ~used[1:]
            cur = cost[i0 - 1] - u[i0] - v[1:]
            better = free & (cur < minv[1:])
            minv[1:][better] = cur[better]
            way[1:][better] = j0
            cand = np.where(free, minv[1:], np.inf)
            j1 = int(np.argmin(cand)) + 1
            delta = cand[j1 - 1]
            u[p[used]] += delta
            v[used] -= delta
            minv[1:][free] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while True:
            j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
            if j0 == 0:
                break
    rows, cols = [], []
    for j in range(1, m + 1):
        if p[j]:
            rows.append(p[j] - 1)
            cols.append(j - 1)
    order = np.argsort(rows)
    return np.array(rows)[order], np.array(cols)[order]
