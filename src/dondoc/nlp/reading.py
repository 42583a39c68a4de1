"""One read question: the filters, frames and topic `nlp.query.read_question` finds, the index resolves and the
conversation words. JSON only at the edges (`as_dict`: `dondoc ask --json`, the web)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from dondoc.nlp.periods import Period


@dataclass(frozen=True)
class LocalUnit:
    """A province's body named in a question as written ("Sở KH&CN"), with the province named with it, if any.

    The unit registry knows ministries and a few departments; the index finds which stored unit it is.
    """

    phrase: str
    province: str | None = None


@dataclass(frozen=True)
class Reading:
    """What a question asks: exact filters, frames, and the words left to rank by.

    Attributes:
        text: the question, normalised.
        units: canonical names of the units asked about (old and new names alike).
        coordinating: units asked about as coordinators ("phối hợp với Bộ Tư pháp").
        local: a province's bodies the registry does not name ("Sở KH&CN Hà Nội"), for the index to find.
        issuers: units named as the issuer of a document asked about ("Kế hoạch 308 của Hà Nội").
        renamed: (old name, new name) of units asked about by their name before 2025 ("Bộ X cũ nay Bộ Y").
        status: a status the reports give (done, not_done, in_progress, recurring, unknown), when asked.
        verdict: the status asked is the report's own judgement ("bị đánh giá là chưa hoàn thành"), matched
            against what the report wrote, not the state computed from deadlines.
        overdue: past due and not finished, as of the day asked.
        pending: not finished yet, whatever the date ("chưa hoàn thành", "sắp đến hạn").
        period: the due-date window, with real dates.
        reported_in: the window of the reports asked about ("theo báo cáo năm 2024"): their tasks, not a deadline.
        as_of: the day the question judges by ("tính đến 01/3/2023"), when it names one.
        documents: keys ("tb-624", "kh-308") of the documents it names.
        topic: the words left to rank by, as written (diacritics restored).
        key_words: the topic words that tell something: not filler ("hoạt động") nor, once the index has read
            them against the corpus, words nearly every task holds.
        frames: what else it asks: "own" (given by name, no group task), "former" (a unit's old name),
            "count", "deadline", "who", "progress", "plan".
        not_found: what it names that matched nothing known (a unit-like phrase, a document).
        suggestions: units whose names are close to the first thing not found.
    """

    text: str
    units: tuple[str, ...] = ()
    coordinating: tuple[str, ...] = ()
    local: tuple[LocalUnit, ...] = ()
    issuers: tuple[str, ...] = ()
    renamed: tuple[tuple[str, str], ...] = ()
    status: str | None = None
    verdict: bool = False
    overdue: bool = False
    pending: bool = False
    period: Period | None = None
    reported_in: Period | None = None
    as_of: date | None = None
    documents: tuple[str, ...] = ()
    topic: str = ""
    key_words: tuple[str, ...] = ()
    frames: tuple[str, ...] = ()
    not_found: tuple[str, ...] = ()
    suggestions: tuple[str, ...] = ()

    @property
    def has_filters(self) -> bool:
        return bool(
            self.units or self.coordinating or self.status or self.overdue or self.pending or self.period
            or self.documents or self.reported_in or self.asks("undated")
        )  # fmt: skip

    @property
    def listing(self) -> bool:
        """A "which tasks of X are late" question: filters only, so every matching task is the answer."""
        return self.has_filters and not self.key_words

    @property
    def due_from(self) -> date | None:
        return self.period.start if self.period else None

    @property
    def due_to(self) -> date | None:
        return self.period.end if self.period else None

    @property
    def grain(self) -> str | None:
        """The period kind that ranks a task first when its own deadline has it (closed windows only)."""
        period = self.period
        return period.kind if period and period.start and period.end else None

    @property
    def role(self) -> str:
        """ "coordinating" when the question asks only for tasks units take part in, else "lead"."""
        return "coordinating" if self.coordinating and not self.units else "lead"

    def asks(self, frame: str) -> bool:
        return frame in self.frames

    def as_dict(self) -> dict[str, Any]:
        """The reading as `dondoc ask --json` prints it ("understood")."""
        return {
            "units": list(self.units),
            "coordinating": list(self.coordinating),
            "renamed": [list(pair) for pair in self.renamed],
            "status": self.status,
            "verdict": self.verdict,
            "overdue": self.overdue,
            "pending": self.pending,
            "due_from": self.due_from.isoformat() if self.due_from else None,
            "due_to": self.due_to.isoformat() if self.due_to else None,
            "period": self.period.kind if self.period else None,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "reported_in": [day.isoformat() if day else None for day in (self.reported_in.start, self.reported_in.end)]
            if self.reported_in
            else None,
            "documents": list(self.documents),
            "topic": self.topic,
            "frames": list(self.frames),
            "not_found": list(self.not_found),
        }
