"""The answer to a question in words: a header saying what was found, one entry per task, a paging hint.

The chat and `dondoc ask` both print `answer_text`, so a question reads the same everywhere.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from dondoc.conversation.wording import REPORTED_STATUS, echo, task_entry
from dondoc.index.answer import (
    FAILED,
    LISTING,
    NO_DATA,
    NO_QUESTION,
    NOT_UNDERSTOOD,
    UNKNOWN_UNIT,
    Answer,
    Understood,
)
from dondoc.nlp.text import vn_date

EXAMPLES = (
    "“Nhiệm vụ nào của Bộ Y tế còn chậm?”, “Chỉ thị 07 giao Bộ Tài chính làm gì?”, "
    "“Việc gì phải xong trong tháng 6/2025?”, “kết nối CSDL đất đai đến đâu rồi?”"
)
HELP = "Bạn muốn hỏi gì về các nhiệm vụ Đề án 06? Ví dụ: " + EXAMPLES
NOT_UNDERSTOOD_TEXT = "Mình chưa tìm được nhiệm vụ nào khớp với câu hỏi. " + HELP
APOLOGY = "Xin lỗi, mình chưa trả lời được câu hỏi này lúc này. Bạn vui lòng thử lại sau ít phút."
NO_DATA_TEXT = "Chưa có nhiệm vụ nào trong cơ sở dữ liệu. Người quản trị cần nạp báo cáo trước (lệnh `dondoc ingest`)."
_DOC_TYPES = {
    "nq": "Nghị quyết", "ct": "Chỉ thị", "qd": "Quyết định", "tb": "Thông báo", "kh": "Kế hoạch",
    "cv": "Công văn", "nd": "Nghị định", "tt": "Thông tư", "bc": "Báo cáo", "luat": "Luật", "so": "Văn bản số",
}  # fmt: skip


def answer_text(answer: Answer, tasks: list[dict[str, Any]] | None = None) -> str:
    """What a user reads for `answer`: the count and this page of tasks, or why there are none.

    Args:
        tasks: this page's tasks in their JSON form, when the caller added to them (a latest update).
    """
    if answer.outcome == UNKNOWN_UNIT:
        return unknown_unit_text(answer.unknown_unit, list(answer.suggestions))
    fixed = {NO_QUESTION: HELP, NOT_UNDERSTOOD: NOT_UNDERSTOOD_TEXT, NO_DATA: NO_DATA_TEXT, FAILED: APOLOGY}
    if answer.outcome in fixed or answer.today is None:
        return fixed.get(answer.outcome, APOLOGY)
    tasks = [result.task.as_json() for result in answer.results] if tasks is None else tasks
    if answer.outcome == LISTING:
        return listing_text(
            answer.understood, tasks, answer.total, answer.offset, answer.today, answer.grain,
            answer.counts, answer.shared, answer.past,
        )  # fmt: skip
    return topic_text(
        answer.understood, tasks, answer.total, answer.offset, answer.today, answer.grain,
        answer.shared, answer.widened_to, answer.past,
    )  # fmt: skip


def document_name(key: str) -> str:
    """ "ct-7" -> "Chỉ thị 07"."""
    kind, _, number = key.partition("-")
    return f"{_DOC_TYPES.get(kind, kind.upper())} {int(number):02d}" if number.isdigit() else key


def period_words(understood: Understood, grain: str | None) -> str:
    """The window in words: "có hạn trong tháng 6/2025", "có hạn đến hết 30/06/2024" ("" without one)."""
    start, end = understood.due_from, understood.due_to
    if not start and not end:
        return ""
    if start and end:
        first = date.fromisoformat(start)
        if grain == "month":
            return f"có hạn trong tháng {first.month}/{first.year}"
        if grain == "quarter":
            return f"có hạn trong quý {['I', 'II', 'III', 'IV'][(first.month - 1) // 3]}/{first.year}"
        if grain == "year":
            return f"có hạn trong năm {first.year}"
        if grain == "soon":
            return f"sắp đến hạn (đến {vn_date(end)})"
        return f"có hạn vào {vn_date(start)}" if start == end else f"có hạn từ {vn_date(start)} đến {vn_date(end)}"
    if end:
        return f"có hạn đến hết {vn_date(end)}"
    return f"có hạn từ {vn_date(start)}" if start else ""


def _subject(understood: Understood, count: int) -> str:
    units = ", ".join(understood.units)
    documents = ", ".join(document_name(key) for key in understood.documents)
    if documents and units:
        return f"{documents} giao {units} {count} nhiệm vụ"
    if documents or units:
        return f"{documents or units} có {count} nhiệm vụ"
    return f"Có {count} nhiệm vụ"


def describe(understood: Understood, grain: str | None) -> str:
    """The filters in words: "quá hạn", "chưa hoàn thành, có hạn trong quý II/2024", …"""
    words = []
    if understood.status:
        words.append(REPORTED_STATUS.get(understood.status, understood.status))
    if understood.overdue:
        words.append("quá hạn")
    elif understood.pending and not understood.status and grain != "soon":
        words.append("chưa hoàn thành")
    period = period_words(understood, grain)
    if period:
        words.append(period)
    return ", ".join(words)


def entries(tasks: list[dict[str, Any]], today: date, start: int, shared: frozenset[int] = frozenset()) -> list[str]:
    """Numbered entries: content, then unit · deadline · status · document; "(giao chung)" marks group tasks."""
    return [task_entry(start + i, task, today, shared=task["id"] in shared) for i, task in enumerate(tasks)]


def how_counted(understood: Understood, counts: dict[str, int]) -> str:
    """How a listing counted: ", cùng 54 nhiệm vụ giao chung …. Trong đó 9 đã quá hạn (5 đang thực hiện …)"."""
    text = ""
    if counts.get("shared"):
        text += f", cùng {counts['shared']} nhiệm vụ giao chung cho nhóm đơn vị (ghi “(giao chung)”, xếp sau)"
    if understood.pending and not understood.overdue and counts.get("overdue"):
        text += f". Trong đó {counts['overdue']} đã quá hạn"
        if counts.get("in_progress_overdue"):
            text += f" ({counts['in_progress_overdue']} đang thực hiện nhưng đã quá hạn)"
    return text


def as_of_words(understood: Understood, today: date, past: bool = False) -> str:
    """ "(tính đến 23/11/2026)"; for a `past` day the question named, also the reports it was judged from."""
    if past:
        return f" (tính đến {today:%d/%m/%Y}, theo các báo cáo đã có đến ngày đó)"
    if understood.overdue or understood.pending or understood.as_of:
        return f" (tính đến {today:%d/%m/%Y})"
    return ""


def paging(offset: int, shown: int, total: int) -> str:
    if total <= shown and offset == 0:
        return ""
    return f"(Đang hiện {offset + 1}–{offset + shown} trên {total} nhiệm vụ.)"


def listing_header(
    understood: Understood,
    own: int,
    today: date,
    grain: str | None = None,
    counts: dict[str, int] | None = None,
    past: bool = False,
) -> str:
    """The first line of a listing, the same for a question, /cham and /sapden: "Bộ Y tế có 12 nhiệm vụ
    quá hạn (tính đến 23/11/2026), cùng 54 nhiệm vụ giao chung …:".

    Args:
        own: how many of the tasks are the units' own (`counts["shared"]` more are theirs "giao chung").
    """
    what = describe(understood, grain)
    header = f"{_subject(understood, own)} {what}{as_of_words(understood, today, past)}"
    header += f"{how_counted(understood, counts or {})}:"
    return header.replace("  ", " ").replace(" :", ":")


def listing_text(
    understood: Understood,
    tasks: list[dict[str, Any]],
    total: int,
    offset: int,
    today: date,
    grain: str | None,
    counts: dict[str, int] | None = None,
    shared: frozenset[int] = frozenset(),
    past: bool = False,
) -> str:
    """The reply to a listing question: the count and how it was counted, then this page of tasks,
    most overdue first (a unit's own tasks before those it has through a group)."""
    what = describe(understood, grain)
    as_of = as_of_words(understood, today, past)
    if not total:
        units = ", ".join(understood.units)
        documents = ", ".join(document_name(key) for key in understood.documents)
        if documents and units:
            subject = f"{documents} không giao {units} nhiệm vụ nào"
        elif documents or units:
            subject = f"{documents or units} không có nhiệm vụ nào"
        else:
            subject = "Không có nhiệm vụ nào"
        return f"{subject}{' ' + what if what else ''}{as_of}."
    counts = counts or {}
    header = listing_header(understood, total - counts.get("shared", 0), today, grain, counts, past)
    if not tasks:
        return f"{header}\n(Không còn nhiệm vụ nào sau vị trí {offset}.)"
    lines = [header, *entries(tasks, today, offset + 1, shared)]
    hint = paging(offset, len(tasks), total)
    return "\n".join([*lines, hint] if hint else lines)


def topic_text(
    understood: Understood,
    tasks: list[dict[str, Any]],
    total: int,
    offset: int,
    today: date,
    grain: str | None,
    shared: frozenset[int] = frozenset(),
    widened: tuple[str, ...] = (),
    past: bool = False,
) -> str:
    """The reply to a topic question: the best matches first; says so when it searched the units' parents
    or judged states on a `past` day."""
    scope = describe(understood, grain)
    units = ", ".join(understood.units)
    within = " ".join(part for part in (f"của {units}" if units else "", scope) if part)
    if not tasks:
        topic = f" về “{echo(understood.topic)}”" if understood.topic else ""
        scope_words = f" {within}" if within else ""
        return f"Không tìm thấy nhiệm vụ nào{topic}{scope_words}. Bạn thử hỏi cách khác, ví dụ: {EXAMPLES}"
    header = f"Các nhiệm vụ {within + ' ' if within else ''}liên quan nhất đến “{echo(understood.topic)}”:"
    if widened:
        header = (
            f"{units} không có nhiệm vụ nào về “{echo(understood.topic)}”; "
            f"đây là các nhiệm vụ của {', '.join(widened)} liên quan nhất:"
        )
    if past:
        header = f"{header[:-1]}{as_of_words(understood, today, past)}:"
    lines = [header, *entries(tasks, today, offset + 1, shared)]
    hint = paging(offset, len(tasks), total)
    return "\n".join([*lines, hint] if hint else lines)


def unknown_unit_text(phrase: str, suggestions: list[str]) -> str:
    """The reply when a question names a unit the registry does not know."""
    phrase = echo(phrase)
    if not suggestions:
        return f"Không tìm thấy đơn vị “{phrase}”. Gõ tên đầy đủ hoặc viết tắt, ví dụ “Bộ Y tế”, “BCA”, “UBND TP.HCM”."
    return f"Không tìm thấy đơn vị “{phrase}”. Có phải bạn muốn hỏi: {'; '.join(suggestions)}?"
