"""Gold records of documents the reader never saw (eval/gold-dev), scored as eval/README.md defines "fully right".

Written before the reader ran on those documents: a record matches the task of its document whose text
starts like the record's (either may carry a short lead-in the other lacks), nearest its line.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from dondoc.data.task_view import TaskView
from dondoc.data.units import UnitRegistry
from dondoc.nlp.abbreviations import replace_abbreviations
from dondoc.nlp.text import fold

_MARKUP = re.compile(r"[*_`]+")
_SPACE = re.compile(r"\s+")
# What names the province itself once its name is taken off: "Ủy ban nhân dân tỉnh", "Tỉnh", "Chủ tịch UBND".
_PROVINCE_BODY = re.compile(r"(?:chu tich )?(?:uy ban nhan dan|hoi dong nhan dan)?\s*(?:tinh|thanh pho|tp)?")
_LEVEL_END = re.compile(r"\s+(?:tinh|thanh pho|tp)$")  # "Công an tỉnh": the level the province's name follows
LEAD_IN = 80  # characters either text may carry before the other's start ("Theo đó, Phó Chủ tịch … giao")
NEAR = 6  # lines between the record's line and the task's
HOME = "<the issuer's province>"


@dataclass(frozen=True)
class Verdict:
    """One gold record against the reader: which field went wrong ("" when fully right)."""

    doc: str
    line: int
    wrong: str


def _key(text: str) -> str:
    """Compared as folded text with abbreviations written out, as the gold writes them (eval/README.md)."""
    return _SPACE.sub(" ", fold(replace_abbreviations(_MARKUP.sub("", text)))).strip()


def _same_start(content: str, prefix: str) -> bool:
    ours, gold = _key(content), _key(prefix)
    if not ours or not gold:
        return False
    head = gold[: min(len(gold), 30)]
    mine = ours[: min(len(ours), 30)]
    return head in ours[: len(head) + LEAD_IN] or (len(mine) >= 20 and mine in gold[: len(mine) + LEAD_IN])


def _province_qualifier(registry: UnitRegistry) -> re.Pattern[str]:
    shorts = [fold(e.name.removeprefix("Thành phố ").removeprefix("Tỉnh ")) for e in registry.entries.values()]
    shorts = [short for short, e in zip(shorts, registry.entries.values(), strict=True) if e.kind == "province"]
    return re.compile(r"\s+(?:(?:tinh|thanh pho)\s+)?(?:" + "|".join(sorted(shorts, key=len, reverse=True)) + r")$")


def canonical_units(names: Iterable[str], registry: UnitRegistry) -> set[str]:
    """Units compared by the registry's current name where it knows them, else by their folded text, without the
    province the product adds to a province's own body ("Sở Y tế tỉnh Sơn La" is the gold's "Sở Y tế")."""
    qualifier = _province_qualifier(registry)
    found = set()
    for name in names:
        key = _key(name)
        local = qualifier.sub("", key)
        if local == key and _LEVEL_END.search(key) and not re.search(r"\bcac (?:tinh|thanh pho)\b", key):
            local = _LEVEL_END.sub("", key)  # "Thường trực HĐND Thành phố": the issuer's own, its name left out
            found.add(HOME if _PROVINCE_BODY.fullmatch(local) else local.removeprefix("cac "))
            continue
        # A body of the province, named with it or not, compares as the gold writes it: without the province.
        own = local != key and not _PROVINCE_BODY.fullmatch(local)
        lead, _ = registry.resolve_cell(local if own else name)
        known = len(lead) == 1 and lead[0] in registry.entries
        known = known and (not own or registry.entries[lead[0]].kind == "group")  # never a national body
        found.add(registry.current_of(lead[0]) if known else _LEVEL_END.sub("", local).removeprefix("cac "))
    return found


def same_units(ours: set[str], gold: set[str], registry: UnitRegistry) -> bool:
    """Equal sets, where one side's unnamed province (HOME) is the one province only the other side names."""
    for mine, theirs in ((ours, gold), (gold, ours)):
        named = {u for u in theirs - mine if u in registry.entries and registry.entries[u].kind == "province"}
        if HOME in mine and HOME not in theirs and len(named) == 1:
            return mine - {HOME} | named == theirs
    return ours == gold


def _same_deadline(ours: str | None, gold: str | None) -> bool:
    if not ours or not gold:
        return not ours and not gold
    a, b = _key(ours), _key(gold)
    return a in b or b in a


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def load_gold(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def judge(record: dict[str, Any], tasks: list[TaskView], registry: UnitRegistry) -> Verdict:
    """Judge one record against the tasks stored from its document."""
    candidates = []
    for task in tasks:
        for source in task.sources:
            near = source.document == record["doc"] and abs((source.line or 0) - record["line"]) <= NEAR
            if near and _same_start(task.content, record["content_prefix"]):
                candidates.append((abs((source.line or 0) - record["line"]), task, source))
    if not candidates:
        return Verdict(record["doc"], record["line"], "missing")
    _, task, source = min(candidates, key=lambda c: c[0])
    wrong = [
        name
        for name, right in (
            (
                "lead",
                same_units(
                    canonical_units(task.lead_units, registry),
                    canonical_units(record["lead_units"], registry),
                    registry,
                ),
            ),
            ("due", _iso(task.deadline.due) == record["deadline_due"]),
            ("deadline_text", _same_deadline(source.deadline_text, record["deadline_text"])),
            ("status", source.status == record["status"]),
        )
        if not right
    ]
    return Verdict(record["doc"], record["line"], ",".join(wrong))
