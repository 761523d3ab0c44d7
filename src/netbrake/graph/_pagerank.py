"""Global personalised PageRank by power iteration, and its dense reference.

Definition used throughout (and by the local push, `netbrake.graph._push`):
``ppr = alpha * s + (1 - alpha) * ppr @ W`` with ``W = D^-1 A`` the random-walk
matrix of a `Diffusion`; a node without edges keeps its mass (a self-loop), so
the mass of every column sums to the mass of its seed vector.
"""

from __future__ import annotations

import numpy as np

from netbrake.graph._diffusion import Diffusion


def _seed_matrix(n: int, seeds: np.ndarray) -> np.ndarray:
    s = np.asarray(seeds, dtype=np.float64)
    if s.ndim == 1 and s.shape[0] != n:
        raise ValueError("a seed vector must have one entry per node")
    return s.reshape(n, -1) if s.ndim == 1 else s


def personalized_pagerank(
    diff: Diffusion,
    seeds: np.ndarray,
    alpha: float = 0.15,
    tol: float = 1e-6,
    max_iter: int = 200,
) -> np.ndarray:
    """Personalised PageRank of every node for each seed vector.

    ``seeds`` is an ``(n,)`` restart distribution or an ``(n, k)`` matrix with
    one restart distribution per column (k seed sets in one pass: a sparse
    matrix times a dense block costs little more than a mat-vec). Returns an
    array of the same shape. Iterates until the L1 change of every column is
    below ``tol`` times its mass.
    """
    s = _seed_matrix(diff.n, seeds)
    deg = diff.degree
    inv = np.divide(1.0, deg, out=np.zeros_like(deg), where=deg > 0)[:, None]
    dangling = (deg == 0)[:, None]
    x = s.copy()
    mass = np.maximum(np.abs(s).sum(axis=0), 1e-300)
    for _ in range(max_iter):
        nxt = alpha * s + (1 - alpha) * (diff.adj @ (x * inv) + np.where(dangling, x, 0.0))
        done = bool(np.all(np.abs(nxt - x).sum(axis=0) <= tol * mass))
        x = nxt
        if done:
            break
    return x.ravel() if np.ndim(seeds) == 1 else x


def reference_pagerank(diff: Diffusion, seeds: np.ndarray, alpha: float = 0.15) -> np.ndarray:
    """Exact personalised PageRank by a dense linear solve: tiny graphs only (tests)."""
    a = diff.adj.toarray()
    deg = a.sum(axis=1)
    walk = np.where(deg[:, None] > 0, a / np.where(deg > 0, deg, 1)[:, None], np.eye(len(deg)))
    s = _seed_matrix(diff.n, seeds)
    x = np.linalg.solve(np.eye(len(deg)) - (1 - alpha) * walk.T, alpha * s)
    return x.ravel() if np.ndim(seeds) == 1 else x
