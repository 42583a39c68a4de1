"""The naive document-QA bot the eval compares against: 600-character chunks, folded BM25 + e5, RRF.

It sees the same files but no structure (no units, statuses or deadlines as fields), which is
what the product's exact filters add; `dondoc eval --baseline` prints both side by side.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import numpy as np

from dondoc.index.cache import EmbeddingCache, embed_with_cache
from dondoc.index.catalog import content_hash
from dondoc.index.embedders import BaseEmbedder
from dondoc.index.fusion import fuse
from dondoc.index.lexical import BM25Index
from dondoc.index.store import Progress
from dondoc.index.vectors import VectorIndex
from dondoc.nlp.segment import syllables
from dondoc.nlp.text import fold, normalize

CHUNK_CHARS = 600
_POOL = 100
# A chunk answers an expected task when it holds the start of the task's text (this many letters).
_PREFIX_LETTERS = 30
_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def _compact(text: str) -> str:
    return _NON_ALNUM.sub("", fold(text))


def chunk_text(text: str, size: int = CHUNK_CHARS) -> list[str]:
    """Consecutive pieces of about `size` characters, cut at spaces."""
    words, chunks, current = normalize(text).split(" "), [], ""
    for word in words:
        if current and len(current) + 1 + len(word) > size:
            chunks.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    return [*chunks, current] if current else chunks


class ChunkBot:
    """Retrieves chunks of the raw documents for a question.

    Args:
        paths: the report files.
        embedder: the dense model (multilingual-e5-small in the comparison).
        cache_dir: where chunk embeddings are cached between runs.
    """

    def __init__(self, paths: list[Path], embedder: BaseEmbedder, cache_dir: Path, progress: Progress | None = None):
        self.chunks = [
            {"content": chunk, "sources": [{"document": path.name}], "compact": _compact(chunk)}
            for path in paths
            for chunk in chunk_text(path.read_text(encoding="utf-8"))
        ]
        texts = [str(chunk["content"]) for chunk in self.chunks]
        cache = EmbeddingCache(cache_dir, embedder.identity)
        matrix, _ = embed_with_cache(embedder, cache, texts, [content_hash(t) for t in texts], progress)
        self.vectors = VectorIndex(matrix)
        self.bm25 = BM25Index([syllables(text) for text in texts])
        self.embedder = embedder

    def search(self, question: str, k: int = 10) -> list[dict[str, Any]]:
        """The k best chunks by reciprocal-rank fusion of folded BM25 and e5."""
        lexical = self.bm25.scores(syllables(question))
        vector = self.embedder.embed_query(question)
        pool = np.unique(np.concatenate([np.argsort(-lexical)[:_POOL], self.vectors.top(vector, _POOL)[0]]))
        fused = fuse("rrf", self.vectors.scores(vector, pool), lexical[pool])
        return [self.chunks[i] for i in pool[np.argsort(-fused, kind="stable")][:k]]


def chunk_hits(chunk: dict[str, Any], item: str | dict[str, str]) -> bool:
    """A chunk hits an expected task when it contains the start of the task's text (and is from its document)."""
    prefix, document = (item, None) if isinstance(item, str) else (item.get("content_prefix", ""), item.get("doc"))
    if document and chunk["sources"][0]["document"] != document:
        return False
    return _compact(prefix)[:_PREFIX_LETTERS] in chunk["compact"]
