"""Who leads an item, and on what evidence: the unit slots of ingest.extract.slots applied to one item's text.

The evidence is kept with the units, because it says how much a reading can be trusted: a unit heading,
a labelled field or an assignment ("giao Sở Y tế …") is written to assign work; a sentence's subject may
also narrate ("Bộ Y tế đã triển khai …" is excluded, "Bộ Y tế triển khai …" is not), and a paragraph that
goes on with the previous one's unit is the weakest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from dondoc.data.units import UnitRegistry
from dondoc.ingest.extract.slots import (
    UnitSpan,
    assigned_units,
    heading_units,
    starts_with,
    subject_units,
    unit_span,
    words,
)
from dondoc.nlp.dates import find_prose_deadlines
from dondoc.nlp.text import match_form, normalize

Evidence = Literal["heading", "label", "assignment", "subject", "paragraph"]
# Slots written to assign work; a document that has none of them assigns nothing.
ASSIGNING: frozenset[Evidence] = frozenset({"heading", "label", "assignment"})

_NARRATION = re.compile(
    r"^(?:ngày|hôm|sáng|chiều|tối)\s+\d{1,2}(?:[/-]\d{1,2}(?:[/-]\d{2,4})?|\s+tháng\s+\d{1,2}(?:\s+năm\s+\d{4})?)\s*,"
    r"|^(?:năm|trước năm)\s+\d{4}\s*,"
)
_TOPIC = re.compile(r"^về\b[^:]{3,400}:\s*")
_PARTNERS = re.compile(r"^(?:phối hợp với|phối hợp cùng|phối hợp)\s+")
_COORDINATORS = re.compile(r"\bphối hợp(?: với)?\s+")
_ASSIGNMENT = re.compile(r"(?<!\w)(?:giao|yêu cầu|đề nghị)(?: cho)?\s+")
_COVERING = re.compile(r"^(?:hoàn thành|xong|trước|chậm nhất|trong)\b")


@dataclass(frozen=True)
class Lead:
    """The units that lead an item and the slot they were read from."""

    units: tuple[str, ...]
    evidence: Evidence

    def with_evidence(self, evidence: Evidence) -> Lead:
        return Lead(self.units, evidence)


_COMMUNE_LEVELS = ("xã", "phường", "thị trấn", "đặc khu")
# The place a commune's or district's body names at its end: "Đảng ủy xã Chi Lăng", "UBND phường Tân Mỹ".
_LOCAL_PLACE = re.compile(
    r" (?P<level>" + "|".join((*_COMMUNE_LEVELS, "huyện", "quận", "thị xã")) + r") [A-ZĐÀ-Ỹ]\w*(?: [A-ZĐÀ-Ỹ]\w*){0,3}$"
)


class LeadReader:
    """Reads leads from item texts, naming each unit as the registry does when it knows it whole.

    A body named with its commune ("Đảng ủy, UBND xã Chi Lăng") is meant again when the text later names it bare
    ("Bí thư Đảng ủy", "UBND xã"): the document's province would otherwise be taken for its place.
    """

    def __init__(self, registry: UnitRegistry) -> None:
        self.registry = registry
        self.placed: dict[str, str] = {}  # "đảng ủy", "ubnd xã" -> "Đảng ủy xã Chi Lăng", "UBND xã Chi Lăng"

    def _lead(self, span: UnitSpan | None, evidence: Evidence) -> Lead | None:
        if span is None:
            return None
        names = [self._placed(name) for name in span.names]
        return Lead(tuple(dict.fromkeys(self.registry.exact(name) or name for name in names)), evidence)

    def _placed(self, name: str) -> str:
        place = _LOCAL_PLACE.search(name)
        if place is not None:
            bare = name[: place.start()]
            for key in (bare, f"{bare} {place['level']}"):
                self.placed[match_form(key)] = name
            return name
        form = match_form(name)
        bare_local = form.endswith(tuple(f" {level}" for level in _COMMUNE_LEVELS))
        return self.placed.get(form, name) if bare_local or form in words().commune_bodies else name

    def named(self, names: tuple[str, ...], evidence: Evidence) -> Lead | None:
        """A lead of names as written, each named as the registry does when it knows it whole."""
        return self._lead(UnitSpan(names, 0, 0), evidence) if names else None

    def heading(self, text: str) -> Lead | None:
        """A heading that is only units: "2. Bộ Y tế:", "Sở Công Thương", "Giao Đảng ủy Chính phủ:"."""
        return self._lead(heading_units(text), "heading")

    def own(self, text: str) -> Lead | None:
        """The lead an item names itself: its subject or the object of its assignment; after a topic ("Về dự án
        …: Bộ Xây dựng khẩn trương …", "Về đề nghị …: giao Bộ Tài chính …") only what follows the topic."""
        form = match_form(text)
        if _NARRATION.match(form) or is_norm(text):
            return None  # "Ngày 3/11/2020, Ủy ban Kiểm tra … đề nghị …": an event told, not work given
        topic = _TOPIC.match(form)
        body = text[topic.end() :] if topic else text
        subject = subject_units(body)
        if subject is not None:
            return self._lead(subject, "subject")
        return self._lead(assigned_units(body), "assignment")

    def asks_recipients(self, text: str) -> bool:
        """Whether an item asks the document's recipients by a courtesy name: "đề nghị Quý Ủy ban gửi báo cáo …"."""
        form = match_form(text)
        return any(starts_with(form, words().recipient_references, verb.end()) for verb in _ASSIGNMENT.finditer(form))

    def intro(self, text: str) -> Lead | None:
        """The lead an intro gives the items under it: its own, else the last assignment in it ("Triển khai chỉ
        đạo …, Bộ Xây dựng yêu cầu các cơ quan, đơn vị:")."""
        own = self.own(text)
        if own is not None:
            return own
        form = match_form(text)
        verbs = list(_ASSIGNMENT.finditer(form))
        spans = (unit_span(text, verb.end()) for verb in reversed(verbs))
        return self._lead(next((span for span in spans if span is not None), None), "assignment")

    def subject(self, text: str) -> Lead | None:
        return self._lead(subject_units(text), "subject")

    def opening(self, clause: str) -> Lead | None:
        """The lead a clause opens with, by its subject ("Bộ Y ban hành …", capitalised as a sentence would be) or
        its assignment ("giao Văn phòng Bộ tổng hợp …"), when it opens with either."""
        form = match_form(clause)
        if starts_with(form, words().assign_verbs):
            return self._lead(assigned_units(clause), "assignment")
        return self.subject(clause) if clause[:1].isupper() else None

    def partners(self, intro: str) -> Lead | None:
        """Under "b) Phối hợp với các sở, ngành, UBND các xã": the heading's unit only helps; those named lead."""
        found = _PARTNERS.match(match_form(intro))
        return self._lead(unit_span(intro, found.end()) if found else None, "heading")

    def labelled(self, value: str) -> Lead | None:
        """A labelled field's units, every name it lists, known or not: "Các Sở, ngành, đơn vị; UBND cấp xã"."""
        names: list[str] = []
        for part in re.split(r"\s*;\s*", value.rstrip(".")):
            span = unit_span(part, 0)
            names.extend(span.names if span else ([normalize(part)] if part.strip() else []))
        return self._lead(UnitSpan(tuple(names), 0, len(value)), "label") if names else None

    def coordinators(self, text: str) -> tuple[str, ...]:
        """The units after "phối hợp (với)" in a task sentence."""
        found = _COORDINATORS.search(match_form(text))
        span = unit_span(text, found.end()) if found else None
        lead = self._lead(span, "subject")
        return lead.units if lead else ()


def covering_deadline(text: str) -> str | None:
    """The deadline an intro sets for the items under it: "…, hoàn thành trước ngày 30/11/2025:".

    "Từ nay đến ngày 19/12/2025 chỉ còn 01 tháng" says how much time is left, not when items are due.
    """
    found = [phrase for phrase in find_prose_deadlines(text) if _COVERING.match(match_form(phrase))]
    return found[-1] if found else None


def is_addressee_intro(text: str) -> bool:
    """ "Kính gửi:", "THỦ TƯỚNG CHÍNH PHỦ điện:": the list that follows names the recipients."""
    form = match_form(text).rstrip()
    return bool(form.endswith(":") and (starts_with(form, words().addressee_markers) or form.endswith("điện:")))


def is_norm(text: str) -> bool:
    """A rule's sentence ("Trong thời hạn 07 ngày, kể từ ngày nhận đủ hồ sơ, Cục … có trách nhiệm …",
    "Trường hợp …"): it says what happens whenever, it does not give anyone a task."""
    return starts_with(match_form(text), words().norm_openers) is not None


def is_action(text: str) -> bool:
    """Whether a sentence starts as an instruction: a verb, an assignment or a unit that acts."""
    form = match_form(text)
    verb = starts_with(form, words().subject_ends) or starts_with(form, words().assign_verbs)
    return bool(verb) or subject_units(text) is not None
