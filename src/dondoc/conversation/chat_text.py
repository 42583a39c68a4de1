"""The chat layout of a task (its full record) and fitting replies into a channel's limits."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date

from dondoc.conversation.buttons import MAX_BUTTON_BYTES
from dondoc.conversation.messages import Button, Reply
from dondoc.conversation.wording import REPORTED_STATUS, day_text, short, status_term
from dondoc.data.task_view import TaskView


def task_details(task: TaskView, today: date, latest: str = "") -> str:
    """A task's full record and every report it comes from, each cited as officials cite it
    ("Thông báo 624/TB-VPCP ngày 16/11/2025"), never by its file name.

    Args:
        latest: its latest update ("02/12/2026 · Công văn 123/BYT"), shown under the result.
    """
    lines = [f"Nhiệm vụ #{task.id}", task.content, ""]
    if task.directing_docs:
        lines.append("Văn bản chỉ đạo: " + "; ".join(task.directing_docs))
    lead = ", ".join(task.lead_units) or "chưa rõ"
    lines.append(f"Chủ trì: {lead}")
    renamed = [f"{old} nay là {new}" for old, new in zip(task.lead_units, _currents(task), strict=False) if old != new]
    if renamed:
        lines.append("(" + "; ".join(renamed) + ")")
    if task.coordinating_units:
        lines.append("Phối hợp: " + ", ".join(task.coordinating_units))
    deadline = task.deadline
    due = f" (đến {day_text(deadline.due)})" if deadline.due and deadline.kind != "date" else ""
    lines.append(f"Thời hạn: {deadline.text or 'không ghi'}{due}")
    said = REPORTED_STATUS.get(task.status, task.status)
    term = status_term(task, today)
    lines.append(f"Tình trạng: {term[0].upper()}{term[1:]}" + ("" if said in term else f" ({said})"))
    if task.status_text:
        lines.append(f"Kết quả: {task.status_text}")
    if latest:
        lines.append(f"Cập nhật {latest}")
    lines += ["", "Nguồn:"]
    for source in task.sources:
        where = ", ".join(
            part
            for part in (
                source.section and f"mục {short(source.section, 80)}",
                source.stt and f"STT {source.stt}",
                f"dòng {source.line}",
            )
            if part
        )
        status = source.status or "unknown"
        said = REPORTED_STATUS.get(status, status)
        lines.append(f"• {source.report or source.document} — {where}: {said[0].upper()}{said[1:]}")
        if source.status_text and source.status_text != task.status_text:
            lines.append(f"  {source.status_text}")
    return "\n".join(lines)


def _currents(task: TaskView) -> tuple[str, ...]:
    """The 2025 successor of each lead unit, aligned with `lead_units` when the counts agree."""
    current = task.current_units
    return current if len(current) == len(task.lead_units) else task.lead_units


def grid(buttons: Sequence[Button], per_row: int) -> tuple[tuple[Button, ...], ...]:
    """Buttons laid out `per_row` to a row."""
    return tuple(tuple(buttons[i : i + per_row]) for i in range(0, len(buttons), per_row))


def utf16_len(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units: an emoji counts twice)."""
    return len(text.encode("utf-16-le")) // 2


def split_text(text: str, limit: int) -> list[str]:
    """Cut `text` into pieces of at most `limit` units, at paragraph, then line, then word breaks.

    Nothing is dropped: joining the pieces gives back every word of the text.
    """
    if utf16_len(text) <= limit:
        return [text]
    for separator in ("\n\n", "\n", " "):
        parts = text.split(separator)
        if len(parts) > 1:
            break
    else:  # one unbroken word longer than the limit
        step = max(1, limit // 2)
        return [text[i : i + step] for i in range(0, len(text), step)]
    pieces: list[str] = []
    current = ""
    for part in parts:
        candidate = f"{current}{separator}{part}" if current else part
        if utf16_len(candidate) <= limit:
            current = candidate
            continue
        if current:
            pieces.append(current)
        if utf16_len(part) <= limit:
            current = part
        else:
            *whole, current = split_text(part, limit)
            pieces += whole
    if current:
        pieces.append(current)
    return [piece.strip("\n") or piece for piece in pieces]


def fit(replies: Iterable[Reply], max_length: int) -> list[Reply]:
    """Split replies longer than the channel allows; buttons stay on the last piece.

    Raises:
        ValueError: a button's data is over `MAX_BUTTON_BYTES` (a bug in the core, never user input).
    """
    fitted: list[Reply] = []
    for reply in replies:
        for row in reply.buttons:
            for button in row:
                if not 0 < len(button.data.encode()) <= MAX_BUTTON_BYTES:
                    raise ValueError(f"button data over {MAX_BUTTON_BYTES} bytes: {button.data!r}")
        pieces = split_text(reply.text, max_length)
        for index, piece in enumerate(pieces):
            last = index == len(pieces) - 1
            fitted.append(
                replace(
                    reply,
                    text=piece,
                    buttons=reply.buttons if last else (),
                    edit=reply.edit and index == 0,
                    attachment=reply.attachment if last else None,
                )
            )
    return fitted
