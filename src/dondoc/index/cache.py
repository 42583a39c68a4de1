"""The embedding cache: vectors keyed by content hash, one file per model identity, so only changed text is embedded."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import numpy as np

from dondoc.index.embedders import BaseEmbedder

# Texts embedded per call, so a progress bar moves and an interrupted build keeps what it finished.
CHUNK = 64


def _slug(identity: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", identity)


class EmbeddingCache:
    """Vectors by content hash for one model identity, stored as `<directory>/<identity>.npz`.

    Args:
        directory: where cache files live (the index directory, next to the database).
        identity: the embedder's identity; another model never sees these vectors.
    """

    def __init__(self, directory: Path, identity: str) -> None:
        self.path = directory / f"{_slug(identity)}.npz"
        self.identity = identity
        self._vectors: dict[str, np.ndarray] = {}
        if self.path.exists():
            try:
                with np.load(self.path, allow_pickle=False) as data:
                    vectors = data["vectors"].astype(np.float32)
                    self._vectors = dict(zip(data["keys"].tolist(), vectors, strict=True))
            except (OSError, ValueError, KeyError):
                self._vectors = {}  # a damaged cache only costs re-embedding
        self.dirty = False

    def __contains__(self, key: str) -> bool:
        return key in self._vectors

    def __len__(self) -> int:
        return len(self._vectors)

    def get(self, key: str) -> np.ndarray | None:
        return self._vectors.get(key)

    def __getitem__(self, key: str) -> np.ndarray:
        return self._vectors[key]

    def put(self, key: str, vector: np.ndarray) -> None:
        self._vectors[key] = np.asarray(vector, dtype=np.float32)
        self.dirty = True

    def save(self, keep: set[str] | None = None) -> None:
        """Write the cache atomically; with `keep`, drop vectors of texts no longer in the corpus."""
        if keep is not None and set(self._vectors) - keep:
            self._vectors = {key: vector for key, vector in self._vectors.items() if key in keep}
            self.dirty = True
        if not self.dirty:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.write(self.path)
        self.dirty = False

    def write(self, path: Path, dtype: type = np.float32) -> None:
        """Write every vector to `path` atomically (float16 halves the size of a shipped seed)."""
        keys = list(self._vectors)
        vectors: np.ndarray = (
            np.stack([self._vectors[k] for k in keys]).astype(dtype) if keys else np.zeros((0, 0), dtype)
        )
        temporary = path.with_name(path.stem + ".tmp.npz")
        np.savez_compressed(temporary, keys=np.array(keys, dtype=str), vectors=vectors)
        temporary.replace(path)


def embed_with_cache(
    embedder: BaseEmbedder,
    cache: EmbeddingCache,
    texts: list[str],
    keys: list[str],
    progress: Callable[[int, int], None] | None = None,
    seed: EmbeddingCache | None = None,
) -> tuple[np.ndarray, int]:
    """Vectors for `texts`, embedding only those whose key is not cached (each distinct text once).

    Args:
        seed: a read-only cache consulted before embedding (the vectors shipped for the bundled reports).

    Returns:
        (len(texts), dim) vectors and how many texts were embedded now.
    """
    if seed is not None:
        for key in keys:
            if key not in cache and (vector := seed.get(key)) is not None:
                cache.put(key, vector)
    missing = list(dict.fromkeys(key for key in keys if key not in cache))
    text_of = dict(zip(keys, texts, strict=True))
    for start in range(0, len(missing), CHUNK):
        chunk = missing[start : start + CHUNK]
        for key, vector in zip(chunk, embedder.embed_passages([text_of[k] for k in chunk]), strict=True):
            cache.put(key, vector)
        cache.save()  # an interrupted build keeps what it embedded
        if progress:
            progress(min(start + CHUNK, len(missing)), len(missing))
    if not keys:
        return np.zeros((0, embedder.dim), dtype=np.float32), 0
    return np.stack([cache[key] for key in keys]).astype(np.float32), len(missing)
