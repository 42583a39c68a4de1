"""Query expansion from a lexicon of paraphrases: everyday and administrative words for the reports' own."""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources

from dondoc.nlp.abbreviations import fold_aligned
from dondoc.nlp.text import normalize


@cache
def _lexicon() -> tuple[re.Pattern[str], dict[str, tuple[int, ...]], tuple[str, ...]]:
    """One pattern of every `ask` phrase (folded, longest first), which entries each phrase belongs to,
    and each entry's `means`."""
    raw = resources.files("dondoc.nlp").joinpath("synonyms.json").read_text(encoding="utf-8")
    entries = json.loads(raw)["entries"]
    owners: dict[str, list[int]] = {}
    for index, entry in enumerate(entries):
        for phrase in entry["ask"]:
            owners.setdefault(fold_aligned(normalize(phrase)), []).append(index)
    keys = sorted(owners, key=len, reverse=True)
    pattern = re.compile(r"(?<![0-9a-z])(" + "|".join(re.escape(k) for k in keys) + r")(?![0-9a-z])")
    return pattern, {k: tuple(v) for k, v in owners.items()}, tuple(entry["means"] for entry in entries)


def synonyms_of(text: str) -> list[str]:
    """The reports' words for what `text` says in other words ("phi trường" -> "sân bay cảng hàng không").

    Matching is on whole words of the folded text, so a question typed without diacritics counts too;
    a phrase the text already holds is not returned.
    """
    folded = fold_aligned(normalize(text))
    pattern, owners, means = _lexicon()
    found = [index for m in pattern.finditer(folded) for index in owners[m.group(1)]]
    return [
        means[index]
        for index in dict.fromkeys(found)
        if not all(word in folded.split() for word in fold_aligned(means[index]).split())
    ]


def expand_synonyms(text: str) -> str:
    """`text` followed by the reports' words for it ("phi trường" -> "phi trường sân bay cảng hàng không")."""
    extra = synonyms_of(text)
    return " ".join([text, *extra]) if extra else text
