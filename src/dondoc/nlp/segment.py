"""Word segmentation for search: underthesea learns the corpus's compound words, then any text is cut the same way.

underthesea needs diacritics to segment well, and officials often type without them. So the
segmenter runs once over the (accented) corpus and yields a lexicon; questions and tasks are then
cut by lexicon look-up on folded syllables, which gives "co so du lieu" and "cơ sở dữ liệu" the
same tokens. The same lexicon remembers each folded phrase's usual spelling, to put the
diacritics back into an unaccented question before it is embedded.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

from dondoc.nlp.abbreviations import expand_abbreviations, fold_aligned, replace_abbreviations
from dondoc.nlp.text import fold, normalize
from dondoc.nlp.vocabulary import all_entries, entries

MAX_NGRAM = 4
_WORD = re.compile(r"[0-9A-Za-zÀ-ỹĐđ]+")
# Punctuation closes a phrase: no compound spans a comma.
_CLAUSE = re.compile(r"[^\s0-9A-Za-zÀ-ỹĐđ]+")
_FOLDED_WORD = re.compile(r"[0-9a-z]+")
_FOLDED_CLAUSE = re.compile(r"[^\s0-9a-z]+")


def vocabulary_phrases() -> list[str]:
    """Every word sequence of the question vocabulary, as written with diacritics (one text per phrase)."""
    return [text for entry in all_entries() for text in entry.words()]


# Smoothing of the bigram model that puts diacritics back: higher trusts single-word counts more.
_BACKOFF = 2.0


def syllables(text: str) -> list[str]:
    """Folded syllables ("Bộ Y tế" -> ["bo", "y", "te"])."""
    return [fold(word) for word in _WORD.findall(normalize(text))]


def segment_words(text: str) -> list[str]:
    """underthesea's word segmentation of accented text ("Cơ sở dữ liệu" -> ["Cơ sở dữ liệu"])."""
    from underthesea import word_tokenize

    return [word for word in word_tokenize(normalize(text)) if _WORD.search(word)]


def _clauses(text: str) -> list[list[str]]:
    """Runs of words between punctuation, as written (normalised)."""
    return [found for part in _CLAUSE.split(normalize(text)) if (found := _WORD.findall(part))]


def _count(text: str, unigrams: dict[str, Counter[str]], bigrams: Counter[str]) -> None:
    """Count each word's spelling and each pair of neighbouring words of `text`, clause by clause."""
    for words in _clauses(text):
        lowered = [w.lower() for w in words]
        for word in lowered:
            unigrams[fold(word)][word] += 1
        bigrams.update(f"{a} {b}" for a, b in itertools.pairwise(lowered))


class Lexicon:
    """Compound words and spelling statistics learned from a corpus; cuts any text into search tokens.

    Args:
        compounds: folded multi-syllable words ("co so du lieu") the segmenter found.
        spellings: folded syllable -> its accented spellings with counts, most frequent first.
        bigrams: "word word" (accented, lower case) -> count, to choose spellings in context.
    """

    def __init__(
        self,
        compounds: Iterable[str] = (),
        spellings: dict[str, list[list[Any]]] | None = None,
        bigrams: dict[str, int] | None = None,
    ) -> None:
        self.compounds = frozenset(compounds)
        self.spellings = {key: [(w, int(c)) for w, c in forms] for key, forms in (spellings or {}).items()}
        self.bigrams = dict(bigrams or {})
        self._unigram = {w: c for forms in self.spellings.values() for w, c in forms}
        self._total = sum(self._unigram.values()) or 1

    @classmethod
    def learn(cls, texts: Iterable[str], questions: bool = True) -> Lexicon:
        """Segment `texts` with underthesea (about 5 ms a task) and count spellings.

        Args:
            questions: also learn the spellings of the question vocabulary (nlp/words), so that question
                wording typed without diacritics gets them back (once per lexicon, not per update).
        """
        compounds: set[str] = set()
        unigrams: dict[str, Counter[str]] = defaultdict(Counter)
        bigrams: Counter[str] = Counter()
        for text in texts:
            expanded = expand_abbreviations(text)
            for word in segment_words(expanded):
                parts = _WORD.findall(word)
                if 1 < len(parts) <= MAX_NGRAM:
                    compounds.add(" ".join(fold(p) for p in parts))
            _count(expanded, unigrams, bigrams)
        for phrase in vocabulary_phrases() if questions else ():  # spellings only: question wording is no compound
            _count(phrase, unigrams, bigrams)
        spellings = {key: [list(item) for item in counts.most_common(6)] for key, counts in unigrams.items()}
        return cls(compounds, spellings, dict(bigrams))

    def merge(self, other: Lexicon) -> Lexicon:
        """This lexicon plus what `other` learned (counts add up)."""
        forms: dict[str, Counter[str]] = defaultdict(Counter)
        for source in (self, other):
            for key, items in source.spellings.items():
                forms[key].update(dict(items))
        bigrams = Counter(self.bigrams)
        bigrams.update(other.bigrams)
        spellings = {key: [list(item) for item in counts.most_common(6)] for key, counts in forms.items()}
        return Lexicon(self.compounds | other.compounds, spellings, dict(bigrams))

    def tokens(self, text: str) -> list[str]:
        """Search tokens: every folded syllable, plus every known compound ("co_so", "du_lieu", "co_so_du_lieu").

        Abbreviations are replaced first, so "CSDL" yields the tokens of "cơ sở dữ liệu".
        """
        out: list[str] = []
        for clause in _FOLDED_CLAUSE.split(fold_aligned(replace_abbreviations(text))):
            folded = _FOLDED_WORD.findall(clause)
            out += folded
            for n in range(2, min(MAX_NGRAM, len(folded)) + 1):
                for i in range(len(folded) - n + 1):
                    gram = " ".join(folded[i : i + n])
                    if gram in self.compounds:
                        out.append(gram.replace(" ", "_"))
        return out

    def _log_p(self, previous: str | None, word: str) -> float:
        unigram = (self._unigram.get(word, 0) + 0.1) / self._total
        if previous is None:
            return math.log(unigram)
        pair = self.bigrams.get(f"{previous} {word}", 0)
        return math.log((pair + _BACKOFF * unigram) / (self._unigram.get(previous, 0) + _BACKOFF))

    def _best(self, words: list[str]) -> list[str]:
        """The most likely spelling of a run of lower-case words (Viterbi over each word's known spellings)."""
        options = [
            [w]
            if fold_aligned(w) != w or fold_aligned(w) not in self.spellings
            else [f for f, _ in self.spellings[fold_aligned(w)]]
            for w in words
        ]
        paths = {form: (self._log_p(None, form), [form]) for form in options[0]}
        for forms in options[1:]:
            paths = {
                form: max(((score + self._log_p(prev, form), path) for prev, (score, path) in paths.items()),
                          key=lambda item: item[0])
                for form in forms
            }  # fmt: skip
            paths = {form: (score, [*path, form]) for form, (score, path) in paths.items()}
        return max(paths.values(), key=lambda item: item[0])[1]

    def restore(self, text: str) -> str:
        """Put diacritics back on unaccented words, choosing each spelling in context ("bo y te" -> "bộ y tế").

        Words already written with diacritics, numbers and unknown words stay as they are. Only
        letters change, so positions in the text stay valid.
        """
        written = normalize(text)
        chars = list(written)
        words = list(_WORD.finditer(written))
        start = 0
        for end in range(1, len(words) + 1):
            if end < len(words) and not _CLAUSE.search(written[words[end - 1].end() : words[end].start()]):
                continue
            run = words[start:end]
            for match, spelled in zip(run, self._best([m.group(0).lower() for m in run]), strict=True):
                typed = match.group(0)
                if (
                    len(spelled) != len(typed)
                    or fold_aligned(spelled) != fold_aligned(typed)
                    or fold_aligned(typed) != typed.lower()
                ):
                    continue
                cased = spelled.upper() if typed.isupper() and len(typed) > 1 else spelled
                chars[match.start() : match.end()] = cased[0].upper() + cased[1:] if typed[0].isupper() else cased
            start = end
        return "".join(chars)

    def as_dict(self) -> dict[str, Any]:
        return {"compounds": sorted(self.compounds), "spellings": self.spellings, "bigrams": self.bigrams}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Lexicon:
        return cls(data.get("compounds", ()), data.get("spellings", {}), data.get("bigrams", {}))


def _phrases(table: str) -> tuple[tuple[str, ...], ...]:
    """The phrases of a table of words/stop.toml, as lower-case word tuples."""
    return tuple(tuple(p.lower().split()) for e in entries("stop", table) for p in e.phrases)


# Question wording, never topic words (words/stop.toml). Phrases match accented words exactly; a word typed
# without diacritics matches a phrase's folded form, except single syllables whose folded form may be a
# content word ("co" may be "cơ" of "cơ sở", "ve" may be "vé").
_FOLDED_ONLY_UNSAFE = frozenset(fold(" ".join(p)) for p in _phrases("ambiguous"))


def _index(phrases: tuple[tuple[str, ...], ...]) -> dict[str, list[tuple[str, ...]]]:
    """Phrases by their first word, folded; longest first."""
    index: dict[str, list[tuple[str, ...]]] = {}
    for phrase in sorted(phrases, key=len, reverse=True):
        index.setdefault(fold(phrase[0]), []).append(phrase)
    return index


_STOP_INDEX = _index(_phrases("stop"))
_FILLER_INDEX = _index(_phrases("filler"))
_CONTENT_INDEX = _index(_phrases("content"))


def stop_length(
    words: list[str], i: int, plain: bool = False, index: dict[str, list[tuple[str, ...]]] | None = None
) -> int:
    """How many words from `i` form question wording (0 when words[i] is a content word).

    Args:
        plain: the question was typed without diacritics, so a folded single syllable such as "co"
            may be the question word "có" too (the caller keeps it when it starts or ends a compound).
        index: the phrases to look for (the stop phrases by default).
    """
    for phrase in (_STOP_INDEX if index is None else index).get(fold_aligned(words[i].lower()), []):
        chunk = [w.lower() for w in words[i : i + len(phrase)]]
        if len(chunk) < len(phrase):
            continue
        matched = True
        for word, stop in zip(chunk, phrase, strict=True):
            if word == stop:
                continue
            typed_plain = fold_aligned(word) == word
            if not (
                typed_plain
                and fold_aligned(stop) == word
                and (plain or len(phrase) > 1 or word not in _FOLDED_ONLY_UNSAFE)
            ):
                matched = False
                break
        if matched:
            return len(phrase)
    return 0


def content_words(
    words: list[str], typed: list[str] | None = None, compounds: frozenset[str] = frozenset()
) -> list[str]:
    """`words` without question wording ("những nhiệm vụ nào về an toàn thông tin" -> ["an", "toàn", "thông", "tin"]).

    Args:
        words: the words, with diacritics put back where they were missing.
        typed: the same words as typed; a single syllable typed without diacritics that can be question
            wording ("co", "lo", "ve") is dropped unless it belongs to a compound.
        compounds: folded compound words ("co so") that keep such a syllable.
    """
    out, i = [], 0
    while i < len(words):
        if kept := stop_length(words, i, plain=True, index=_CONTENT_INDEX):  # "làm sạch": content
            out += words[i : i + kept]
            i += kept
            continue
        skip = stop_length(words, i)
        if not skip and typed is not None and stop_length(typed, i, plain=True) == 1:
            folded = [fold_aligned(w.lower()) for w in typed]
            in_compound = (i > 0 and f"{folded[i - 1]} {folded[i]}" in compounds) or (
                i + 1 < len(folded) and f"{folded[i]} {folded[i + 1]}" in compounds
            )
            skip = 0 if in_compound else 1
        if skip == 1 and fold_aligned(words[i].lower()) == "khong" and i + 1 < len(words):
            skip = 0  # "thanh toán không dùng tiền mặt": only a final "không" asks a question
        if (
            skip == 1
            and i + 1 < len(words)
            and fold_aligned(f"{words[i]} {words[i + 1]}".lower()) in compounds
            and not stop_length(words, i + 1)
        ):
            skip = 0  # "giao thông", "hạn chế", "cho phép": a question word starting a compound of the reports
        if skip:
            i += skip
        else:
            out.append(words[i])
            i += 1
    return out


def filler_words(words: list[str]) -> list[bool]:
    """For each of `words`, whether it belongs to a filler phrase (words/stop.toml): a word that never
    restricts a listing ("hoạt động", "nội dung")."""
    marks, i = [False] * len(words), 0
    while i < len(words):
        length = stop_length(words, i, index=_FILLER_INDEX)
        marks[i : i + length] = [True] * length
        i += max(1, length)
    return marks
