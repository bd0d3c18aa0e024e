"""Ordered alignment of two lists (body items and the table rows restating them): the
pairs, in order on both sides, whose summed similarity is highest."""

from __future__ import annotations


def ordered_pairs(sims: list[list[float]]) -> list[tuple[int, int]]:
    """``sims[a][b]``: similarity of item ``a`` and row ``b`` (0 = cannot pair).  Returns
    the pairs (a, b) of the best monotone alignment, first to last."""
    n = len(sims)
    m = len(sims[0]) if n else 0
    score = [[0.0] * (m + 1) for _ in range(n + 1)]
    for a in range(n - 1, -1, -1):
        for b in range(m - 1, -1, -1):
            best = max(score[a + 1][b], score[a][b + 1])
            if sims[a][b]:
                best = max(best, sims[a][b] + score[a + 1][b + 1])
            score[a][b] = best
    pairs: list[tuple[int, int]] = []
    a = b = 0
    while a < n and b < m:
        if sims[a][b] and abs(score[a][b] - (sims[a][b] + score[a + 1][b + 1])) < 1e-9:
            pairs.append((a, b))
            a += 1
            b += 1
        elif score[a + 1][b] >= score[a][b + 1]:
            a += 1
        else:
            b += 1
    return pairs
