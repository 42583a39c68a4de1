"""The question vocabulary's examples are its tests: every example of every entry of nlp/words/*.toml is read
back and must read as its entry says."""

from __future__ import annotations

import json
from datetime import date

import pytest

from dondoc.data.units import UnitRegistry
from dondoc.index.local_units import LocalUnits
from dondoc.index.store import SEED_DIR
from dondoc.index.understanding import QuestionReader
from dondoc.nlp.reading import Reading
from dondoc.nlp.segment import Lexicon
from dondoc.nlp.vocabulary import Entry, Example, all_entries, compile_phrase, expand_phrase

TODAY = date(2026, 11, 23)
EXAMPLES = [(entry, example) for entry in all_entries() for example in entry.examples]


@pytest.fixture(scope="module")
def reader(registry: UnitRegistry) -> QuestionReader:
    """The product's reader with the shipped corpus lexicon and the registry's province departments."""
    lexicon = Lexicon.from_dict(json.loads((SEED_DIR / "lexicon.json").read_text(encoding="utf-8"))["lexicon"])
    return QuestionReader(registry, lexicon, LocalUnits(registry, [], []))


def _day(value: str) -> date | None:
    return date.fromisoformat(value) if value else None


def _expected(entry: Entry, reading: Reading, expect: dict) -> None:
    """What the entry itself says, checked when the example does not say otherwise."""
    if entry.table == "state":
        said = (entry.values.get("status"), bool(entry.values.get("overdue")), bool(entry.values.get("pending")))
        assert (reading.status, reading.overdue, reading.pending) == said
    elif entry.table == "verdict":
        assert reading.verdict
    elif entry.table in ("frame", "intent"):
        assert entry.name in reading.frames
    elif entry.table == "role" and "role" not in expect:
        assert reading.role == entry.name


def _checks(reading: Reading, key: str, value: object) -> None:
    actual = {
        "units": lambda: sorted(reading.units),
        "unit_phrases": lambda: list(reading.not_found),
        "coordinating": lambda: list(reading.coordinating),
        "role": lambda: reading.role,
        "status": lambda: reading.status,
        "overdue": lambda: reading.overdue,
        "topic": lambda: reading.topic,
        "listing": lambda: reading.listing,
        "start": lambda: reading.due_from,
        "end": lambda: reading.due_to,
        "as_of": lambda: reading.as_of,
        "reported_start": lambda: reading.reported_in.start if reading.reported_in else None,
    }[key]()
    if key in ("start", "end", "as_of", "reported_start"):
        value = _day(str(value))
    if key == "units":
        value = sorted(value)  # type: ignore[call-overload]
    assert actual == value, key


@pytest.mark.parametrize(("entry", "example"), EXAMPLES, ids=[f"{e.table}:{e.name}:{x.q}" for e, x in EXAMPLES])
def test_every_example_reads_as_its_entry_says(reader: QuestionReader, entry: Entry, example: Example) -> None:
    reading = reader.read(example.q, TODAY)
    _expected(entry, reading, dict(example.expect))
    for key, value in example.expect.items():
        _checks(reading, key, value)


def test_every_entry_has_phrases_and_examples() -> None:
    entries = all_entries()
    assert len(entries) > 40
    assert all(entry.phrases and entry.examples for entry in entries)


def test_phrases_are_a_small_grammar() -> None:
    assert expand_phrase("(bị |đã )?quá hạn") == ["bị quá hạn", "đã quá hạn", "quá hạn"]
    assert compile_phrase("(bị )?quá (thời )?hạn") == r"(?:bi\s+)?qua\s+(?:thoi\s+)?han"
