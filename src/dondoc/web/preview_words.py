"""The upload preview in Vietnamese: why a report is held back, what a row lacks, what a change changes.

`data.preview` states its hold reasons and skipped rows in English (the CLI's words); the office reads
Vietnamese, so each known sentence is matched here and said again in Vietnamese. A sentence this module
does not know yet is shown as it is rather than hidden (`tests/web/test_reports.py` feeds it every kind).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from dondoc.conversation.wording import REPORTED_STATUS
from dondoc.nlp.text import vn_date

_REASONS: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (
        re.compile(r"(?P<doc>.+): only (?P<share>\d+)% of its (?P<rows>\d+) rows have a unit, a task text"),
        lambda m: (
            f"{m['doc']}: chỉ {m['share']}% trong {m['rows']} dòng có đủ đơn vị chủ trì, nội dung và thời hạn "
            "(có thể là bản bị hỏng, hoặc bố cục bị đọc sai)."
        ),
    ),
    (
        re.compile(r"(?P<doc>.+): (?P<n>\d+) rows have no responsible unit or a cut content \(line (?P<lines>[\d, ]+)"),
        lambda m: (
            f"{m['doc']}: {m['n']} dòng không có đơn vị chủ trì hoặc nội dung bị cắt (dòng {m['lines']}), "
            "như ở một tệp bị hỏng hay bị cắt; những dòng này không bao giờ được ghi."
        ),
    ),
    (
        re.compile(r"(?P<doc>.+): only (?P<n>\d+) of its (?P<pairs>\d+) numbered items follow the one before"),
        lambda m: (
            f"{m['doc']}: chỉ {m['n']} trong {m['pairs']} mục đánh số đứng đúng thứ tự sau mục trước "
            "(có thể là bản bị hỏng hoặc bị xáo trộn)."
        ),
    ),
    (
        re.compile(r"(?P<doc>.+): (?P<n>\d+) of its (?P<tasks>\d+) tasks start in the middle of a sentence"),
        lambda m: f"{m['doc']}: {m['n']} trong {m['tasks']} nhiệm vụ bắt đầu giữa câu (có thể là bản bị hỏng).",
    ),
    (
        re.compile(r"it would rewrite (?P<n>\d+) tasks already known from other reports"),
        lambda m: f"Tệp sẽ sửa {m['n']} nhiệm vụ đã có từ các báo cáo khác.",
    ),
    (
        re.compile(r"it would mark (?P<n>\d+) done tasks as not done \(task (?P<ids>[\d, ]+)\)"),
        lambda m: f"Tệp sẽ đánh dấu {m['n']} nhiệm vụ đã hoàn thành thành chưa hoàn thành (nhiệm vụ {m['ids']}).",
    ),
]

_SKIP_REASONS = {"a numbered row without task text": "dòng có số thứ tự nhưng không có nội dung nhiệm vụ"}

# What a weak row lacks (`data.preview.WeakRow.missing`).
MISSING_WORDS = {"unit": "đơn vị chủ trì", "content": "nội dung", "deadline": "thời hạn"}

# The fields a change shows (`data.preview.WATCHED`).
CHANGE_LABELS = {
    "content": "Nội dung",
    "deadline_due": "Thời hạn",
    "status": "Tình trạng",
    "lead_units": "Đơn vị chủ trì",
}


def reason_words(reason: str) -> str:
    """A hold reason of `data.preview.hold_reasons` in Vietnamese; an unknown one as it is."""
    for pattern, words in _REASONS:
        if match := pattern.match(reason):
            return words(match)
    return reason


def skip_words(reason: str) -> str:
    """Why a row could not be read, in Vietnamese; an unknown reason as it is."""
    return _SKIP_REASONS.get(reason, reason)


def value_words(name: str, value: Any) -> str:
    """One side of a change (`Preview.changed`) as the office reads it."""
    if value in (None, "", []):
        return "—"
    if name == "deadline_due":
        return vn_date(value)
    if name == "status":
        return REPORTED_STATUS.get(value, value)
    if name == "lead_units":
        return ", ".join(value)
    return str(value)
