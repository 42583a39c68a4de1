"""The words every medium shares: one shortening rule, one status vocabulary, and the labels of a task line.

The chat text (`chat_text`, `answer_text`) and the reminder text (`reminder_text`) lay these out;
neither words a status or cuts a text on its own.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from dondoc.data.task_state import TaskState
from dondoc.data.task_view import TaskView
from dondoc.nlp.text import shorten, vn_date

SHORT_CONTENT = 160  # characters of a task's content in a listing; "Chi tiết" shows all of it

# What a report says of a task (its status column), in the words officials use.
REPORTED_STATUS = {
    "done": "đã hoàn thành",
    "not_done": "chưa hoàn thành",
    "in_progress": "đang thực hiện",
    "recurring": "thực hiện thường xuyên",
    "unknown": "chưa có báo cáo kết quả",
}
# Where a task stands on a day (`dondoc.data.task_state`), in the official terms.
STATE_WORDS = {
    TaskState.DONE_ON_TIME: "hoàn thành đúng hạn",
    TaskState.DONE_LATE: "hoàn thành quá hạn",
    TaskState.RECURRING: "thực hiện thường xuyên",
    TaskState.OVERDUE: "quá hạn",
    TaskState.NO_REPORT: "chưa có báo cáo",
    TaskState.IN_TIME: "đang thực hiện trong hạn",
    TaskState.NO_DEADLINE: "đang thực hiện, chưa có thời hạn",
}
# The four states progress reports count tasks in (`dondoc.data.statistics.CATEGORIES`).
CATEGORY_WORDS = {
    "done_on_time": "hoàn thành đúng hạn",
    "done_late": "hoàn thành quá hạn",
    "in_time": "đang thực hiện trong hạn",
    "overdue": "quá hạn chưa hoàn thành",
}
# The most of a user's own input a reply repeats (a pasted page must not come back as four messages).
ECHO_LIMIT = 60
_DATE_TAIL = re.compile(r"\s*(?:,\s*)?(?:ngày|của|về việc|V/v)\b.*$", re.IGNORECASE)


def echo(text: str) -> str:
    """A user's own words as a reply repeats them: at most `ECHO_LIMIT` characters, cut visibly."""
    return shorten(text, ECHO_LIMIT)


def short(text: str, limit: int = SHORT_CONTENT) -> str:
    """`text` cut at a word boundary with a visible "…" (the full text is one "Chi tiết" away)."""
    return shorten(text, limit)


@lru_cache(maxsize=8192)  # a day's digests repeat the same few thousand dates
def day_text(value: date | str | None) -> str:
    """A date the Vietnamese way: 30/06/2025 ("" for none)."""
    return vn_date(value) if value else ""


def number(value: int) -> str:
    """1.058: Vietnamese thousands separator."""
    return f"{value:,}".replace(",", ".")


def status_term(task: TaskView, today: date) -> str:
    """The task's state in the official terms, as of `today`.

    One of STATE_WORDS, with the days for an overdue task: "quá hạn N ngày", and
    "quá hạn N ngày, chưa có báo cáo" when no result was ever reported. A finished task is
    late when its result cell dates the finish after the deadline.
    """
    state = task.state(today)
    if state is not TaskState.OVERDUE:
        return STATE_WORDS[state]
    late = f"{STATE_WORDS[state]} {(today - task.deadline.due).days} ngày"  # type: ignore[operator]
    return f"{late}, {STATE_WORDS[TaskState.NO_REPORT]}" if task.status == "unknown" else late


def document_label(task: TaskView) -> str:
    """The document a task comes from, short: its directing document, else the report that lists it."""
    if task.directing_docs:
        label = _DATE_TAIL.sub("", task.directing_docs[0]).strip(" ,;")
        return label[:60] or task.directing_docs[0][:60]
    for source in task.sources:
        title = source.report or source.document
        head, _, tail = title.partition(":")
        # "Phụ lục I: Kết quả triển khai …": the appendix number says nothing, what follows does.
        label = tail if tail and head.lower().startswith("phụ lục") else head
        return short(_DATE_TAIL.sub("", label).strip(" ,;"), 60)
    return ""


def deadline_label(task: TaskView) -> str:
    """ "hạn Quý II/2024" as written when short, else the due date; "không có hạn" when there is none."""
    text = (task.deadline.text or "").strip(" .;,")
    due = task.deadline.due
    if text and len(text) <= 24 and due:
        return f"hạn {text}"
    if due:
        return f"hạn {due:%d/%m/%Y}"
    if task.deadline.kind == "recurring":
        return "thường xuyên"
    return f"hạn {text[:24]}" if text else "không có hạn"


def unit_label(task: TaskView) -> str:
    """The lead units, with their 2025 successor where renamed: "Bộ Thông tin và Truyền thông (nay: Bộ Khoa học…)"."""
    lead = task.lead_units
    if not lead:
        return "chưa rõ đơn vị"
    shown = lead[0]
    current = task.current_units
    if current and current[0] != lead[0] and len(lead) == 1:
        shown = f"{lead[0]} (nay: {current[0]})"
    return shown if len(lead) == 1 else f"{shown} và {len(lead) - 1} đơn vị khác"


def task_facts(task: TaskView, today: date) -> str:
    """One short line of facts: unit · deadline · status term · document.

    Example: "Bộ Y tế · hạn 2024 · quá hạn 692 ngày · Thông báo 487/TB-VPCP".
    """
    parts = [unit_label(task), deadline_label(task), status_term(task, today), document_label(task)]
    return " · ".join(part for part in parts if part)


def task_entry(number: int, task: TaskView, today: date, shared: bool = False, update: str = "") -> str:
    """One numbered listing entry: the content cut short, then the line of facts; `shared` marks a group task.

    Args:
        update: the task's latest update by a unit or an admin (`dondoc.conversation.turn.latest_updates`),
            shown last.
    """
    mark = "(giao chung) " if shared else ""
    latest = f"\n   {update}" if update else ""
    return f"{number}. {mark}{short(task.content)}\n   {task_facts(task, today)}{latest}"
