"""Abbreviations, search tokens and diacritics restoration: typed with or without accents, the same words."""

from __future__ import annotations

import pytest

from dondoc.nlp.abbreviations import abbreviations, expand_abbreviations, replace_abbreviations
from dondoc.nlp.segment import Lexicon, fold_aligned, syllables
from dondoc.nlp.text import fold

TEXTS = [
    "Kết nối, chia sẻ dữ liệu giữa Cơ sở dữ liệu quốc gia về dân cư với cơ sở dữ liệu đất đai.",
    "Bộ Y tế xây dựng Sổ sức khỏe điện tử cho trẻ em.",
    "Cung cấp dịch vụ công trực tuyến toàn trình trên Cổng Dịch vụ công quốc gia.",
    "Có những nhiệm vụ nào còn chậm? Bộ Y tế còn chậm những việc gì?",
]


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return Lexicon.learn(TEXTS)


def test_abbreviation_lexicon_is_data() -> None:
    found = abbreviations()
    for abbreviation in ("DVCTT", "CSDLQG", "TTHC", "VNeID", "CCCD", "BCA", "UBND"):
        assert abbreviation in found


def test_expansion_keeps_the_abbreviation_and_replacement_drops_it() -> None:
    assert expand_abbreviations("Kết nối CSDLQG về dân cư") == "Kết nối CSDLQG (cơ sở dữ liệu quốc gia) về dân cư"
    assert replace_abbreviations("miễn phí dvctt") == "miễn phí dịch vụ công trực tuyến"
    assert expand_abbreviations("CCCD (căn cước công dân)") == "CCCD (căn cước công dân)"


def test_tokens_are_the_same_with_or_without_diacritics(lexicon) -> None:
    accented = lexicon.tokens("kết nối cơ sở dữ liệu đất đai")
    assert accented == lexicon.tokens("ket noi co so du lieu dat dai")
    assert "co_so_du_lieu" in accented or "du_lieu" in accented
    assert lexicon.tokens("CSDL đất đai") == lexicon.tokens("cơ sở dữ liệu đất đai")


def test_restore_puts_diacritics_back_in_context(lexicon) -> None:
    assert lexicon.restore("bo y te con cham nhung viec gi") == "bo y tế còn chậm những việc gì".replace("bo", "bộ")
    assert lexicon.restore("so suc khoe dien tu") == "sổ sức khỏe điện tử"
    typed = "Ket noi, CSDL 2024 xyz"
    assert len(lexicon.restore(typed)) == len(typed)
    assert lexicon.restore("Bộ Y tế") == "Bộ Y tế"


def test_lexicon_round_trips_and_merges(lexicon) -> None:
    again = Lexicon.from_dict(lexicon.as_dict())
    assert again.tokens("dịch vụ công trực tuyến") == lexicon.tokens("dịch vụ công trực tuyến")
    merged = again.merge(Lexicon({"hoc ba so"}, {}, {}))
    assert "hoc ba so" in merged.compounds


def test_fold_aligned_keeps_positions() -> None:
    text = "Đề án 06  —  Bộ Y tế"
    assert len(fold_aligned(text)) == len(text)
    assert fold_aligned("Đ") == "d"
    assert syllables("Bộ Y tế") == ["bo", "y", "te"] == fold("Bộ Y tế").split()
