"""BM25 over segmented, accent-folded task text (bm25s), scoring every task or only those a filter kept."""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path

import bm25s
import numpy as np
from bm25s.tokenization import Tokenized


class BM25Index:
    """Okapi BM25 over token lists made by `Lexicon.tokens`.

    Args:
        documents: one token list per row of the catalog (any iterable: it is read once).
    """

    def __init__(self, documents: Iterable[list[str]] = (), model: bm25s.BM25 | None = None, size: int = 0) -> None:
        if model is not None:
            self._model, self.size = model, size
        else:
            # Token ids as the documents stream in: 100,000 tasks never hold 8 million token strings at once.
            vocab: dict[str, int] = {}
            ids = [[vocab.setdefault(token, len(vocab)) for token in tokens] for tokens in documents]
            self.size = len(ids)
            self._model = bm25s.BM25(k1=1.2, b=0.75)
            if ids:
                self._model.index(Tokenized(ids=ids, vocab=vocab), show_progress=False)
        self._vocab = self._model.vocab_dict if self.size else {}

    def save(self, directory: Path) -> None:
        """Write the index (bm25s's own format) into `directory`, replacing what was there."""
        temporary = directory.with_name(directory.name + ".tmp")
        shutil.rmtree(temporary, ignore_errors=True)
        temporary.mkdir(parents=True)
        if self.size:  # bm25s cannot save an index of no documents (before the first ingest)
            self._model.save(str(temporary), show_progress=False)
        (temporary / "size").write_text(str(self.size), encoding="utf-8")
        shutil.rmtree(directory, ignore_errors=True)
        temporary.rename(directory)

    @classmethod
    def load(cls, directory: Path) -> BM25Index:
        """An index written by `save` (raises OSError or ValueError when it is missing or damaged)."""
        size = int((directory / "size").read_text(encoding="utf-8"))
        if not size:
            return cls()
        return cls(model=bm25s.BM25.load(str(directory), show_progress=False), size=size)

    def scores(self, tokens: list[str]) -> np.ndarray:
        """BM25 score of every row for the query tokens (unknown tokens and repeats ignored)."""
        known = [token for token in dict.fromkeys(tokens) if token in self._vocab and token]
        if not known or not self.size:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self._model.get_scores(known), dtype=np.float32)

    def share(self, token: str) -> float:
        """The share of rows holding `token` (0 for a token no row holds): how little it tells."""
        index = self._vocab.get(token)
        if index is None or not self.size:
            return 0.0
        indptr = self._model.scores["indptr"]
        return float(indptr[index + 1] - indptr[index]) / self.size
