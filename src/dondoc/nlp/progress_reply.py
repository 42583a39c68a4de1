"""A unit's plain reply to a reminder read into a proposed update or a deadline extension request.

"đã xong theo CV 123/BYT ngày 2/12" -> done, evidence "CV 123/BYT ngày 02/12/2026";
"đang làm, dự kiến 15/12" -> in progress, expected 15/12/2026; "xin gia hạn đến 31/01/2027" -> an
extension request. Pure: the year of a day written without one comes from `today`. Nothing here is
applied: the chat shows the proposal and a button confirms it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from dondoc.nlp.text import fold, normalize

# Checked in order on folded text: an extension request first, then the status words.
_EXTEND = re.compile(r"\b(?:xin\s+)?(?:gia\s+han|lui\s+han|dieu\s+chinh\s+thoi\s+han)\b")
_STATUSES = (
    ("blocked", re.compile(r"\b(?:vuong\s+mac|vuong|kho\s+khan|bi\s+chan|tac)\b")),
    ("not_done", re.compile(r"\bchua\s+(?:xong|hoan\s+thanh|lam|thuc\s+hien|trien\s+khai)\b")),
    ("in_progress", re.compile(r"\b(?:dang\s+(?:lam|thuc\s+hien|trien\s+khai|xu\s+ly|hoan\s+thien)|du\s+kien)\b")),
    ("done", re.compile(r"\b(?:(?:da\s+)?xong|(?:da\s+)?hoan\s+thanh)\b")),
)
_DAY = r"(\d{1,2})\s*[/.-]\s*(\d{1,2})(?:\s*[/.-]\s*(\d{4}|\d{2}))?"
_EXPECTED = re.compile(r"\b(?:du\s+kien|den|truoc|han)\s+(?:ngay\s+)?" + _DAY)
# A document number as officials cite it: kind, number with its issuer code, optionally "ngày d/m[/y]".
_EVIDENCE = re.compile(
    r"\b(cv|cong\s+van|van\s+ban|qd|quyet\s+dinh|bao\s+cao|bc|to\s+trinh|ke\s+hoach|kh|thong\s+bao|tb)"
    r"\s*(?:so\s*)?(\d+[\w/.-]*\w)(?:\s*,?\s*ngay\s+" + _DAY + ")?"
)


@dataclass(frozen=True)
class ProposedUpdate:
    """A status read from a reply, to be confirmed.

    Attributes:
        status: done, in_progress, not_done or blocked (see dondoc.followup.progress).
        note: the reply as written, kept as the update's note.
        evidence: the cited document, normalised ("CV 123/BYT ngày 02/12/2026"), or None.
        expected: the day the unit expects to finish, or None.
    """

    status: str
    note: str
    evidence: str | None = None
    expected: date | None = None


@dataclass(frozen=True)
class ExtensionRequest:
    """A reply asking to move the deadline to `due`; `reason` is the reply as written."""

    due: date
    reason: str


def _day(day: str, month: str, year: str | None, today: date, future: bool) -> date | None:
    """The date written; without a year, this year's, or next year's when `future` and it has passed."""
    try:
        if year:
            return date(int(year) + (2000 if len(year) == 2 else 0), int(month), int(day))
        found = date(today.year, int(month), int(day))
        return found.replace(year=today.year + 1) if future and found < today else found
    except ValueError:
        return None


def _evidence(original: str, folded: str, today: date) -> str | None:
    found = _EVIDENCE.search(folded)
    if found is None:
        return None
    # The cited kind and number come from the text as written, at the places the folded match found.
    kind, number = original[found.start(1) : found.end(1)], original[found.start(2) : found.end(2)]
    kind = kind.upper() if len(kind) <= 2 else kind[0].upper() + kind[1:]
    evidence = f"{kind} {number}"
    if found[3]:
        day = _day(found[3], found[4], found[5], today, future=False)
        if day:
            evidence += f" ngày {day:%d/%m/%Y}"
    return evidence


def parse_reply(text: str, today: date) -> ProposedUpdate | ExtensionRequest | None:
    """Read a reply to a reminder.

    Args:
        text: the reply as the unit wrote it.
        today: the day it was written; gives the year of a day written without one.

    Returns:
        An extension request ("xin gia hạn đến 31/01/2027"), a proposed update, or None when the
        reply says neither (then the chat answers as to any question).
    """
    original = normalize(text)
    folded = fold(original)
    # Folding keeps every letter's place, unless a rare character changes length: then cite the folded text.
    cited = original if len(folded) == len(original) else folded
    if extend := _EXTEND.search(folded):
        found = re.search(_DAY, folded[extend.end() :])
        due = found and _day(found[1], found[2], found[3], today, future=True)
        return ExtensionRequest(due, original) if due else None
    status = next((name for name, pattern in _STATUSES if pattern.search(folded)), None)
    if status is None:
        return None
    expected = _EXPECTED.search(folded)
    return ProposedUpdate(
        status,
        original,
        _evidence(cited, folded, today),
        expected and _day(expected[1], expected[2], expected[3], today, future=True),
    )
