"""Fusing the dense and BM25 rankings: weighted score fusion or reciprocal-rank fusion, measured side by side."""

from __future__ import annotations

import numpy as np

FUSIONS = ("dense", "bm25", "weighted", "rrf")
# Chosen on the eval (see docs/benchmarks.md): weighted fusion with this share for the dense side.
DEFAULT_FUSION = "weighted"
DENSE_WEIGHT = 0.5
RRF_K = 60
# Dense similarities are normalised between the best candidate and the one at this rank: e5's cosines
# sit in a narrow band, so the worst candidate would squash every difference that matters.
_DENSE_FLOOR_RANK = 50


def _ranks(scores: np.ndarray) -> np.ndarray:
    """1-based rank of each score, best first."""
    order = np.argsort(-scores, kind="stable")
    ranks = np.empty(len(scores), dtype=np.float64)
    ranks[order] = np.arange(1, len(scores) + 1)
    return ranks


def normalised_dense(scores: np.ndarray) -> np.ndarray:
    """Dense similarities mapped to [0, 1]: 1 for the best, 0 at or below the floor rank."""
    if not len(scores):
        return scores
    top = float(scores.max())
    floor = float(np.partition(scores, -min(_DENSE_FLOOR_RANK, len(scores)))[-min(_DENSE_FLOOR_RANK, len(scores))])
    if len(scores) > 1 and floor >= top:
        floor = float(scores.min())
    if top <= floor:
        return np.ones_like(scores)
    return np.clip((scores - floor) / (top - floor), 0.0, 1.0)


def normalised_bm25(scores: np.ndarray) -> np.ndarray:
    """BM25 scores divided by the best one (0 stays 0: no word in common)."""
    top = float(scores.max()) if len(scores) else 0.0
    return scores / top if top > 0 else np.zeros_like(scores)


def fuse(
    method: str,
    dense: np.ndarray | None,
    lexical: np.ndarray,
    dense_weight: float = DENSE_WEIGHT,
    rrf_k: int = RRF_K,
) -> np.ndarray:
    """One relevance score per candidate, higher is better.

    Args:
        method: one of FUSIONS.
        dense: cosine similarity of each candidate to the question (None when the question was not embedded).
        lexical: BM25 score of each candidate.
        dense_weight: the dense share in weighted fusion.
        rrf_k: the constant of reciprocal-rank fusion.

    Returns:
        Scores aligned with the candidates; with no dense scores every method falls back to BM25.
    """
    if dense is None or method == "bm25":
        return normalised_bm25(lexical)
    if method == "dense":
        return dense.astype(np.float64)
    if method == "rrf":
        fused = 1.0 / (rrf_k + _ranks(dense))
        has_words = lexical > 0
        fused[has_words] += 1.0 / (rrf_k + _ranks(lexical)[has_words])
        return fused * (rrf_k + 1) / 2  # the best possible candidate scores 1
    if method == "weighted":
        return dense_weight * normalised_dense(dense) + (1 - dense_weight) * normalised_bm25(lexical)
    raise ValueError(f"unknown fusion {method!r}; choose one of {', '.join(FUSIONS)}")
