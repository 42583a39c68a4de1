"""Fusion of dense and BM25 scores: each method ranks a candidate that wins on both sides first."""

from __future__ import annotations

import numpy as np
import pytest

from dondoc.index.fusion import FUSIONS, fuse

DENSE = np.array([0.80, 0.90, 0.85, 0.70])
LEXICAL = np.array([0.0, 9.0, 4.0, 1.0])


@pytest.mark.parametrize("method", FUSIONS)
def test_best_on_both_sides_wins(method) -> None:
    assert int(np.argmax(fuse(method, DENSE, LEXICAL))) == 1


def test_without_a_question_vector_everything_is_bm25() -> None:
    for method in FUSIONS:
        assert np.allclose(fuse(method, None, LEXICAL), LEXICAL / LEXICAL.max())


def test_rrf_ignores_candidates_with_no_word_in_common() -> None:
    fused = fuse("rrf", DENSE, LEXICAL)
    assert fused[0] < fused[2]


def test_unknown_method() -> None:
    with pytest.raises(ValueError, match="unknown fusion"):
        fuse("max", DENSE, LEXICAL)
