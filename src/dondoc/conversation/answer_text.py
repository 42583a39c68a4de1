"""The answer to a question in words: a header saying what was found, one entry per task, a paging hint.

The chat and `dondoc ask` both print `answer_text`, so a question reads the same everywhere.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from dondoc.conversation.reading_text import (
    SEMANTIC_PENDING,
    as_of_words,
    describe,
    document_names,
    how_counted,
    not_found_notes,
    subject,
    unit_names,
)
from dondoc.conversation.wording import echo, task_entry
from dondoc.data.task_view import TaskView
from dondoc.index.answer import (
    FAILED,
    LISTING,
    NO_DATA,
    NO_QUESTION,
    NOT_UNDERSTOOD,
    UNKNOWN_UNIT,
    Answer,
    NamedDocument,
)
from dondoc.nlp.reading import Reading

EXAMPLES = (
    "“Nhiệm vụ nào của Bộ Y tế còn chậm?”, “Chỉ thị 07 giao Bộ Tài chính làm gì?”, "
    "“Việc gì phải xong trong tháng 6/2025?”, “kết nối CSDL đất đai đến đâu rồi?”"
)
HELP = "Bạn muốn hỏi gì về các nhiệm vụ Đề án 06? Ví dụ: " + EXAMPLES
NOT_UNDERSTOOD_TEXT = "Mình chưa tìm được nhiệm vụ nào khớp với câu hỏi. " + HELP
APOLOGY = "Xin lỗi, mình chưa trả lời được câu hỏi này lúc này. Bạn vui lòng thử lại sau ít phút."
NO_DATA_TEXT = "Chưa có nhiệm vụ nào trong cơ sở dữ liệu. Người quản trị cần nạp báo cáo trước (lệnh `dondoc ingest`)."


def answer_text(answer: Answer, updates: Mapping[int, str] | None = None) -> str:
    """What a user reads for `answer`: what could not be found, the count and this page of tasks, or why
    there are none; a keyword-only answer given while the index loads says so.

    Args:
        updates: task id -> its latest update by a unit or an admin (`conversation.turn.latest_updates`),
            shown under the task.
    """
    reading = answer.reading
    if answer.outcome == UNKNOWN_UNIT:
        return unknown_unit_text(reading.not_found[0] if reading.not_found else "", list(reading.suggestions))
    fixed = {NO_QUESTION: HELP, NOT_UNDERSTOOD: NOT_UNDERSTOOD_TEXT, NO_DATA: NO_DATA_TEXT, FAILED: APOLOGY}
    if answer.outcome in fixed or answer.today is None:
        return fixed.get(answer.outcome, APOLOGY)
    tasks = [result.task for result in answer.results]
    notes = not_found_notes(reading, answer.documents, answer.unfiltered)
    if "document" in answer.unfiltered and not tasks:
        return notes[0].split(";")[0] + "."
    documents = () if "document" in answer.unfiltered else answer.documents  # the tasks shown are not theirs
    if answer.outcome == LISTING:
        body = listing_text(
            reading, tasks, answer.total, answer.offset, answer.today, answer.counts, answer.shared, answer.past,
            documents, updates,
        )  # fmt: skip
    else:
        body = topic_text(
            reading, tasks, answer.total, answer.offset, answer.today, answer.shared, answer.widened_to,
            answer.past, documents, updates,
        )  # fmt: skip
    return "\n".join([*([SEMANTIC_PENDING] if answer.semantic_pending else []), *notes, body])


def entries(
    tasks: Sequence[TaskView],
    today: date,
    start: int,
    shared: frozenset[int] = frozenset(),
    updates: Mapping[int, str] | None = None,
) -> list[str]:
    """Numbered entries: content, then unit · deadline · status · document, then the latest update by a unit
    or an admin; "(giao chung)" marks group tasks."""
    updates = updates or {}
    return [
        task_entry(start + i, task, today, task.id in shared, updates.get(task.id, "")) for i, task in enumerate(tasks)
    ]


def paging(offset: int, shown: int, total: int) -> str:
    if total <= shown and offset == 0:
        return ""
    return f"(Đang hiện {offset + 1}–{offset + shown} trên {total} nhiệm vụ.)"


def listing_header(
    reading: Reading,
    own: int,
    today: date,
    counts: dict[str, int] | None = None,
    past: bool = False,
    documents: Sequence[NamedDocument] = (),
) -> str:
    """The first line of a listing, the same for a question, /cham and /sapden: "Bộ Y tế có 12 nhiệm vụ
    quá hạn (tính đến 23/11/2026), cùng 54 nhiệm vụ giao chung …:".

    Args:
        own: how many of the tasks are the units' own (`counts["shared"]` more are theirs "giao chung").
        documents: the documents the question names, cited as stored.
    """
    what = describe(reading, reading.grain)
    header = f"{subject(reading, documents, own)} {what}{as_of_words(reading, today, past)}"
    header += f"{how_counted(reading, counts or {})}:"
    return header.replace("  ", " ").replace(" :", ":").replace(" ,", ",")


def _nothing(reading: Reading, documents: Sequence[NamedDocument], today: date, past: bool) -> str:
    """An empty listing in words. A document is said to give a unit nothing only when a report of it was
    read; otherwise the answer says what it could not find."""
    what = describe(reading, reading.grain)
    tail = f"{' ' + what if what else ''}{as_of_words(reading, today, past)}"
    units, named = unit_names(reading), document_names(documents)
    if named and not all(d.read for d in documents):
        whose = f" của {units}" if units else ""
        return f"Không tìm thấy nhiệm vụ nào{whose} theo {named}{tail} trong các báo cáo đã nạp."
    if named and units:
        given = "không giao đích danh" if reading.asks("own") else "không giao"
        return f"{named} {given} {units} nhiệm vụ nào{tail}."
    if named or units:
        return f"{named or units} không có nhiệm vụ nào{tail}."
    return f"Không có nhiệm vụ nào{tail}."


def listing_text(
    reading: Reading,
    tasks: Sequence[TaskView],
    total: int,
    offset: int,
    today: date,
    counts: dict[str, int] | None = None,
    shared: frozenset[int] = frozenset(),
    past: bool = False,
    documents: Sequence[NamedDocument] = (),
    updates: Mapping[int, str] | None = None,
) -> str:
    """The reply to a listing question: the count and how it was counted, then this page of tasks,
    most overdue first (a unit's own tasks before those it has through a group)."""
    if not total:
        return _nothing(reading, documents, today, past)
    counts = counts or {}
    header = listing_header(reading, total - counts.get("shared", 0), today, counts, past, documents)
    if not tasks:
        return f"{header}\n(Không còn nhiệm vụ nào sau vị trí {offset}.)"
    lines = [header, *entries(tasks, today, offset + 1, shared, updates)]
    hint = paging(offset, len(tasks), total)
    return "\n".join([*lines, hint] if hint else lines)


def topic_text(
    reading: Reading,
    tasks: Sequence[TaskView],
    total: int,
    offset: int,
    today: date,
    shared: frozenset[int] = frozenset(),
    widened: tuple[str, ...] = (),
    past: bool = False,
    documents: Sequence[NamedDocument] = (),
    updates: Mapping[int, str] | None = None,
) -> str:
    """The reply to a topic question: the best matches first; says so when the units named had nothing on
    the topic (their own tasks, then their parent's, are shown) or when states are judged on a `past` day."""
    scope = describe(reading, reading.grain)
    units, named = unit_names(reading), document_names(documents)
    whose = f"{named} giao {units}" if named and units else f"của {units or named}" if units or named else ""
    within = " ".join(part for part in (whose, scope) if part)
    topic = echo(reading.topic)
    if not tasks:
        about = f" về “{topic}”" if topic else ""
        scope_words = f" {within}" if within else ""
        return f"Không tìm thấy nhiệm vụ nào{about}{scope_words}. Bạn thử hỏi cách khác, ví dụ: {EXAMPLES}"
    count = f"Có {total} nhiệm vụ {within + ' ' if within else ''}liên quan đến “{topic}”; các nhiệm vụ liên quan nhất"
    header = (
        f"{count}:"
        if reading.asks("count")
        else f"Các nhiệm vụ {within + ' ' if within else ''}liên quan nhất đến “{topic}”:"
    )
    if widened:
        shown = ", rồi của ".join(", ".join(group) for group in _split(widened, reading.units))
        header = f"{units} không có nhiệm vụ nào về “{topic}”; đây là các nhiệm vụ của {shown}:"
    if past:
        header = f"{header[:-1]}{as_of_words(reading, today, past)}:"
    lines = [header, *entries(tasks, today, offset + 1, shared, updates)]
    hint = paging(offset, len(tasks), total)
    return "\n".join([*lines, hint] if hint else lines)


def _split(widened: tuple[str, ...], units: tuple[str, ...]) -> list[list[str]]:
    """The units searched when those named had nothing on the topic: themselves, then their parents."""
    own = [u for u in widened if u in units]
    return [part for part in (own, [u for u in widened if u not in units]) if part]


def unknown_unit_text(phrase: str, suggestions: list[str]) -> str:
    """The reply when a question names a unit the registry and the stored reports do not know."""
    phrase = echo(phrase)
    if not suggestions:
        return f"Không tìm thấy đơn vị “{phrase}”. Gõ tên đầy đủ hoặc viết tắt, ví dụ “Bộ Y tế”, “BCA”, “UBND TP.HCM”."
    return f"Không tìm thấy đơn vị “{phrase}”. Có phải bạn muốn hỏi: {'; '.join(suggestions)}?"
