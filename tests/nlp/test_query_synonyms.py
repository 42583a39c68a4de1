"""The paraphrase lexicon: everyday words find the reports' words, with or without diacritics."""

from __future__ import annotations

import pytest

from dondoc.nlp.synonyms import expand_synonyms, synonyms_of
from dondoc.nlp.text import fold


@pytest.mark.parametrize(
    ("question", "official"),
    [
        ("phi trường Long Thành", "cảng hàng không"),
        ("ứng dụng định danh của công an", "VNeID"),
        ("làm giấy khai sinh cho con", "đăng ký khai sinh"),
        ("đổi chứng minh nhân dân", "căn cước công dân"),
        ("trả lương hưu thay vì tiền mặt", "không dùng tiền mặt"),
        ("hồ sơ bệnh nhân số", "bệnh án điện tử"),
        ("Cục Cảnh sát quản lý hành chính về trật tự xã hội làm gì", "C06"),
    ],
)
def test_everyday_words_find_the_reports_words(question, official) -> None:
    assert official in expand_synonyms(question)
    assert official in " ".join(synonyms_of(fold(question)))


def test_words_the_reports_use_are_left_alone() -> None:
    assert expand_synonyms("kết nối cơ sở dữ liệu đất đai") == "kết nối cơ sở dữ liệu đất đai"
    # "ai" asks who; it is no abbreviation of artificial intelligence.
    assert synonyms_of("ai chịu trách nhiệm cấp căn cước") == []
    # Already there: nothing added twice.
    assert synonyms_of("sân bay cảng hàng không") == []
