"""Plain replies to a reminder read into a proposed update or an extension request."""

from __future__ import annotations

from datetime import date

import pytest

from dondoc.nlp.progress_reply import ExtensionRequest, ProposedUpdate, parse_reply

TODAY = date(2026, 12, 1)


def test_a_finish_with_its_document_is_done_with_normalised_evidence() -> None:
    reply = parse_reply("đã xong theo CV 123/BYT ngày 2/12", TODAY)
    assert reply == ProposedUpdate("done", "đã xong theo CV 123/BYT ngày 2/12", "CV 123/BYT ngày 02/12/2026")


def test_work_under_way_with_an_expected_day() -> None:
    assert parse_reply("đang làm, dự kiến 15/12", TODAY) == ProposedUpdate(
        "in_progress", "đang làm, dự kiến 15/12", None, date(2026, 12, 15)
    )


def test_an_expected_day_already_past_this_year_is_next_year() -> None:
    assert parse_reply("Đang triển khai, dự kiến 15/01", TODAY).expected == date(2027, 1, 15)


def test_an_extension_request_gives_the_day_asked_for() -> None:
    assert parse_reply("xin gia hạn đến 31/01/2027", TODAY) == ExtensionRequest(
        date(2027, 1, 31), "xin gia hạn đến 31/01/2027"
    )
    assert parse_reply("Xin gia hạn tới 15/1 vì chờ kinh phí", TODAY).due == date(2027, 1, 15)


@pytest.mark.parametrize(
    ("text", "status", "evidence"),
    [
        ("Đã hoàn thành, Công văn số 4567/BCA-C06 ngày 20/11/2026", "done", "Công văn 4567/BCA-C06 ngày 20/11/2026"),
        ("Hoàn thành theo Quyết định 12/QĐ-UBND", "done", "Quyết định 12/QĐ-UBND"),
        ("Gặp vướng mắc về kinh phí", "blocked", None),
        ("Đơn vị gặp khó khăn do thiếu nhân lực", "blocked", None),
        ("Chưa hoàn thành", "not_done", None),
        ("chưa xong, đang chờ ý kiến Bộ Tư pháp", "not_done", None),
    ],
)
def test_status_words(text: str, status: str, evidence: str | None) -> None:
    reply = parse_reply(text, TODAY)
    assert isinstance(reply, ProposedUpdate)
    assert (reply.status, reply.evidence, reply.note) == (status, evidence, text)


@pytest.mark.parametrize("text", ["cảm ơn", "Nhiệm vụ này của Bộ Y tế phải không?", "xin gia hạn", ""])
def test_a_reply_saying_neither_proposes_nothing(text: str) -> None:
    assert parse_reply(text, TODAY) is None
