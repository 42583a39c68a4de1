"""The dense side: task vectors in a FAISS inner-product index, persisted with the model's identity."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import faiss
import numpy as np


class VectorIndex:
    """Unit-length task vectors, one per catalog row; inner product is cosine similarity.

    FAISS answers the unfiltered top-k; a filtered question scores only its candidate rows.

    Args:
        vectors: a (rows, dim) matrix, or an iterable of such batches (added one at a time).
        dim: the dimension when there may be no rows at all.
    """

    def __init__(self, vectors: np.ndarray | Iterable[np.ndarray], dim: int | None = None) -> None:
        batches = [vectors] if isinstance(vectors, np.ndarray) else vectors
        self.dim = dim or 0
        index: faiss.IndexFlatIP | None = None
        for batch in batches:
            batch = np.ascontiguousarray(batch, dtype=np.float32)
            if index is None:
                self.dim = int(batch.shape[1]) if batch.ndim == 2 else self.dim
                index = faiss.IndexFlatIP(self.dim or 1)
            if len(batch):
                index.add(batch)
        self._faiss: faiss.IndexFlatIP = index or faiss.IndexFlatIP(self.dim or 1)
        count = self._faiss.ntotal
        # Read the vectors where FAISS keeps them: one copy in memory, not two (150 MB at 100k tasks).
        self.vectors = (
            faiss.rev_swig_ptr(self._faiss.get_xb(), count * self.dim).reshape(-1, self.dim)
            if count
            else np.zeros((0, self.dim), dtype=np.float32)
        )

    def __len__(self) -> int:
        return len(self.vectors)

    def top(self, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """The k most similar rows over the whole index: (rows, similarities), best first."""
        k = min(k, len(self.vectors))
        if k <= 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        similarities, rows = self._faiss.search(query.reshape(1, -1).astype(np.float32), k)
        return rows[0], similarities[0]

    def scores(self, query: np.ndarray, rows: np.ndarray) -> np.ndarray:
        """Similarity of the query to each of `rows`."""
        if not len(rows):
            return np.zeros(0, dtype=np.float32)
        return self.vectors[rows] @ query.astype(np.float32)

    def save(self, path: Path) -> None:
        """Write the FAISS index atomically (a crash mid-write leaves the old file)."""
        temporary = path.with_suffix(".tmp")
        faiss.write_index(self._faiss, str(temporary))
        temporary.replace(path)

    @classmethod
    def load(cls, path: Path) -> VectorIndex:
        index = faiss.read_index(str(path))
        vectors = index.reconstruct_n(0, index.ntotal) if index.ntotal else np.zeros((0, index.d), np.float32)
        return cls(vectors, dim=index.d)
