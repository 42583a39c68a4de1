"""Units read from the places a document puts them, never from words of running text.

A unit leads a task when it stands in a unit slot: a heading that is only a unit ("2. Bộ Y tế:"), the
subject of a task sentence ("Bộ Xây dựng chỉ đạo …"), the object of an assignment ("giao Sở Y tế …",
"đề nghị UBND tỉnh …"), a labelled field ("Đơn vị chủ trì: …") or a colon list ("Các Bộ: Quốc phòng,
Công an"). A unit name starts with an organisation word ("Bộ", "Sở", "Ủy ban", "Công an", "Các cơ
quan" …, words.json) or is one the registry knows by its full name or abbreviation; a bare ministry word
("Xây dựng", "Tài chính") is never one, so "Xây dựng Luật …" assigns nothing to Bộ Xây dựng.

Words are matched with their diacritics (`nlp.text.match_form`): in a document "nắm" is a verb and "Nam"
part of a name.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from dondoc.data.units import UnitRegistry
from dondoc.nlp.text import match_form, normalize

_WORDS_FILE = Path(__file__).with_name("words.json")
_MAX_UNIT_WORDS = 22
# Subjects that may stand in lower case after a lead-in: groups of bodies ("…, bộ, ngành trung ương chủ động …").
_PLURAL_SUBJECTS = ("các ", "bộ, ngành", "bộ, cơ quan", "sở, ngành", "sở, ban, ngành")
_LEAD_IN_CHARS = 250  # an adverbial before the subject ("Căn cứ chức năng, nhiệm vụ được giao, …") is short
# Organisation words that are units only when capitalised: "Tổ công tác", not "tổ chức".
_CASED_HEADS = {"bộ", "sở", "ban", "vụ", "cục", "tổ", "đoàn", "hội", "báo", "đài", "viện", "trường", "tập đoàn"}
_ABBREVIATION_DOT = re.compile(r"(?:TP|Tp|T\.P|tp|P|Q|TX|TT)\.$")
_PERSON_BODY = re.compile(r"(?<=Thủ tướng) Chính phủ ")
_PARENTHESIS = re.compile(r"\([^()]*\)")
_SEPARATOR = re.compile(r"\s*(?:,|;|/|\bvà\b|&)\s*")


@dataclass(frozen=True)
class Words:
    """The vocabulary of words.json in match form, longest first."""

    org_heads: tuple[str, ...]
    person_titles: tuple[str, ...]
    subject_ends: tuple[str, ...]
    assign_verbs: tuple[str, ...]
    labels: dict[str, tuple[str, ...]]
    task_sections: tuple[str, ...]
    background_sections: tuple[str, ...]
    end_markers: tuple[str, ...]
    skip_markers: tuple[str, ...]
    appendix_markers: tuple[str, ...]
    addressee_markers: tuple[str, ...]
    not_org: tuple[str, ...]
    noun_like_verbs: tuple[str, ...]
    generic_heads: tuple[str, ...]
    norm_openers: tuple[str, ...]
    heading_qualifiers: tuple[str, ...]
    lead_ins: tuple[str, ...]
    name_ends: tuple[str, ...]
    department_fields: tuple[str, ...]
    recipient_references: tuple[str, ...]
    closings: tuple[str, ...]
    title_bodies: dict[str, str]
    commune_bodies: tuple[str, ...]
    known: tuple[str, ...]


def _longest_first(items: list[str]) -> tuple[str, ...]:
    return tuple(sorted({match_form(item) for item in items}, key=len, reverse=True))


@cache
def words() -> Words:
    """The reader's vocabulary, loaded once (with the registry's unit names and spellings)."""
    data = json.loads(_WORDS_FILE.read_text(encoding="utf-8"))
    registry = UnitRegistry.load()
    known = [spelling for e in registry.entries.values() for spelling in (e.name, *e.aliases) if " " in spelling]
    return Words(
        org_heads=_longest_first(data["org_heads"]),
        person_titles=_longest_first(data["person_titles"]),
        subject_ends=_longest_first(data["subject_ends"]),
        assign_verbs=_longest_first(data["assign_verbs"]),
        labels={role: _longest_first(items) for role, items in data["labels"].items()},
        task_sections=_longest_first(data["task_sections"]),
        background_sections=_longest_first(data["background_sections"]),
        end_markers=_longest_first(data["end_markers"]),
        skip_markers=_longest_first(data["skip_markers"]),
        appendix_markers=_longest_first(data["appendix_markers"]),
        addressee_markers=_longest_first(data["addressee_markers"]),
        not_org=_longest_first(data["not_org"]),
        noun_like_verbs=_longest_first(data["noun_like_verbs"]),
        generic_heads=_longest_first(data["generic_heads"]),
        norm_openers=_longest_first(data["norm_openers"]),
        heading_qualifiers=_longest_first(data["heading_qualifiers"]),
        lead_ins=_longest_first(data["lead_ins"]),
        name_ends=_longest_first(data["name_ends"]),
        department_fields=_longest_first(data["department_fields"]),
        recipient_references=_longest_first(data["recipient_references"]),
        closings=_longest_first(data["closings"]),
        title_bodies={match_form(title): body for title, body in data["title_bodies"].items()},
        commune_bodies=_longest_first(data["commune_bodies"]),
        known=_longest_first(known),
    )


def starts_with(form: str, phrases: tuple[str, ...], at: int = 0) -> str | None:
    """The first of `phrases` (match form, longest first) that `form` has at `at`, as a whole word."""
    for phrase in phrases:
        end = at + len(phrase)
        if form.startswith(phrase, at) and (end == len(form) or not form[end].isalnum()):
            return phrase
    return None


def first_of(form: str, phrases: tuple[str, ...]) -> tuple[int, str] | None:
    """Where the earliest of `phrases` stands in `form`, as a whole word, and which one."""
    best: tuple[int, str] | None = None
    for phrase in phrases:
        found = re.search(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)", form)
        if found and (best is None or found.start() < best[0]):
            best = (found.start(), phrase)
    return best


@dataclass(frozen=True)
class UnitSpan:
    """Units named from `start` to `end` of a text, each as written (person titles dropped)."""

    names: tuple[str, ...]
    start: int
    end: int


def _org_head(text: str, form: str, at: int) -> str | None:
    """The organisation word (or known unit name) a unit name starts with at `at`, if any."""
    wd = words()
    if at >= len(text):
        return None
    known = starts_with(form, wd.known, at)
    if known and text[at].isupper():
        return known
    head = starts_with(form, wd.org_heads, at)
    if form.startswith("các ", at) and (plural := _org_head(text, form, at + 4)):
        head = max(head or "", f"các {plural}", key=len)  # "Các Tổng công ty", "các Cục", "Các Hội"
    not_org = starts_with(form, wd.not_org, at)
    if head is None or (not_org and len(not_org) >= len(head)):
        return None
    if head in _CASED_HEADS and not text[at].isupper():
        return None
    return head


def _title_end(text: str, form: str, at: int) -> int:
    """Past the person titles ("Bộ trưởng", "Chủ tịch", "Thủ trưởng các …") starting at `at`, if any."""
    while (title := _title_at(text, form, at)) and at < len(text):
        at += len(title)
        while at < len(form) and form[at] in " ,":
            at += 1
    return at


def _title_alone(form: str, at: int) -> str | None:
    """A title that stands for its bodies, another title or body after it: "Bộ trưởng, Thủ trưởng các cơ quan …"."""
    title = starts_with(form, tuple(sorted(words().title_bodies, key=len, reverse=True)), at)
    following = _SEPARATOR.match(form, at + len(title)) if title else None
    return title if following and following.group().strip() else None


def _title_at(text: str, form: str, at: int) -> str | None:
    """The person title at `at`: the longest one a body or another title follows ("Trưởng Ban Chỉ đạo …" is
    "Trưởng" of "Ban Chỉ đạo", "Trưởng ban Thường trực" one title), else the longest."""
    titles = [t for t in words().person_titles if starts_with(form, (t,), at)]
    for title in titles:
        rest = at + len(title)
        while rest < len(form) and form[rest] in " ,":
            rest += 1
        if text[rest : rest + 1].isupper() and (_org_head(text, form, rest) or _title_at(text, form, rest)):
            return title
    return titles[0] if titles else None


def _starts_name(text: str, form: str, at: int, head: str | None = None) -> bool:
    """Whether a new unit name starts at `at` inside a list: a capitalised organisation word, "các …", or
    the organisation word of the name before it again ("cơ quan ngang bộ, cơ quan thuộc Chính phủ").

    A different lower-case one goes on with the name before it: "Các Sở, ngành, đơn vị" is one group.
    """
    if at >= len(text):
        return False
    if starts_with(form, words().person_titles, at) and text[at].isupper():
        return True
    found = _org_head(text, form, at)
    if found is None:
        return False
    return text[at].isupper() or form.startswith("các ", at) or found == (head or "").removeprefix("các ")


def _generic(name: str) -> bool:
    """A kind of body rather than a named one: "cơ quan thuộc Chính phủ", "Các sở, ngành", "UBND cấp xã"."""
    form = match_form(name)
    return bool(starts_with(form, words().generic_heads) or " các " in form)


def kept_together(names: tuple[str, ...]) -> tuple[str, ...]:
    """A table's unit cell that lists kinds of bodies is one group, as written: "Cơ quan ngang bộ, cơ quan thuộc
    Chính phủ, Ủy ban nhân dân các tỉnh" is whom the row is for; named bodies stay apart. (A sentence lists them
    apart: "đề nghị UBND các xã, phường, các đơn vị được giao …" gives two.)"""
    if len(names) > 1 and all(_generic(name) for name in names):
        return (", ".join(names),)
    return names


def unit_span(text: str, at: int = 0) -> UnitSpan | None:
    """The unit names that start at `at`: one unit, or a list ("Bộ Quốc phòng, Bộ Công an và UBND tỉnh X").

    A name runs until a word that starts the predicate (words.json "subject_ends"), a ":", ";" or
    "(" or the end; a comma or "và" followed by another organisation word starts the next name.
    """
    form = match_form(text)
    while at < len(text) and text[at] in " *_-–":
        at += 1
    names: list[str] = []
    start = at
    while at < len(text):
        if alone := _title_alone(form, at):  # "Bộ trưởng, Thủ trưởng các cơ quan ngang bộ": the ministers' ministries
            names.append(words().title_bodies[alone])
            at += len(alone)
            following = _SEPARATOR.match(form, at)
            if not following:
                break
            at = following.end()
            continue
        body = _title_end(text, form, at)
        head = _org_head(text, form, body)
        if head is None:
            break
        domain = starts_with(form, _department_fields(), body + len(head) + 1) if head in ("sở", "các sở") else None
        if domain:  # "Sở Y tế thành lập …": a department is named after a ministry's domain, and ends with it
            end = _qualifier_end(text, form, body + len(head) + 1 + len(domain))
        elif head in words().known and (
            not starts_with(form, words().org_heads, body)
            or form.startswith(" - ", body + len(head))
            or starts_with(form, words().subject_ends, body + len(head) + 1)
        ):
            # A name the registry knows ("Đà Nẵng", "Viettel") is that name, no more; so is one followed by its
            # role ("Bộ Khoa học và Công nghệ - Cơ quan thường trực Ban Chỉ đạo …").
            end = body + len(head)
        else:
            end = _name_end(text, form, body, body + len(head), head)
        names.append(_PERSON_BODY.sub(" ", normalize(text[body:end])).strip(" ,.;"))
        at = end
        following = _SEPARATOR.match(form, at)
        if not following or not _starts_name(text, form, following.end()):
            break
        at = following.end()
    names = _shared_place([name for name in names if name])
    return UnitSpan(tuple(dict.fromkeys(names)), start, at) if names else None


# The place a list's last body names: "… xã Chi Lăng", "… tỉnh Lạng Sơn".
_PLACE_TAIL = re.compile(
    r" (?:xã|phường|thị trấn|huyện|quận|thị xã|tỉnh|thành phố) [A-ZĐÀ-Ỹ][\wà-ỹ]*(?: [A-ZĐÀ-Ỹ][\wà-ỹ]*){0,3}$"
)


def _shared_place(names: list[str]) -> list[str]:
    """Bare bodies before one that names its place share the place: "Đảng ủy, UBND xã Chi Lăng" are the Đảng ủy
    and the UBND of xã Chi Lăng; "Thường trực HĐND, UBND tỉnh Lạng Sơn" likewise."""
    place = _PLACE_TAIL.search(names[-1]) if len(names) > 1 else None
    if place is None:
        return names
    bare = set(words().org_heads) | {"hđnd", "ubnd", "ủy ban mttq"}
    return [f"{name}{place.group()}" if match_form(name) in bare else name for name in names[:-1]] + names[-1:]


_PROVINCE_QUALIFIER = re.compile(
    r" (?:tỉnh|thành phố|tp\.?|TP\.?) [A-ZĐÀ-Ỹ][\wà-ỹ]*(?: [A-ZĐÀ-Ỹ][\wà-ỹ]*){0,3}"
    r"| các tỉnh(?:, thành phố|/thành phố)?(?: trực thuộc [Tt]rung ương)?(?=\s*:)"
)


def _qualifier_end(text: str, form: str, at: int) -> int:
    """Past "tỉnh Sơn La", "thành phố Hà Nội" after a department's name, if written."""
    found = _PROVINCE_QUALIFIER.match(text, at)
    return found.end() if found else at


def _name_end(text: str, form: str, body: int, at: int, head: str | None = None) -> int:
    """Where the unit name that starts at `body` ends (its organisation word `head` ends at `at`)."""
    wd = words()
    count = 0
    position = at
    while position < len(text):
        char = text[position]
        if char in ":;(\n" or (char == "." and not _ABBREVIATION_DOT.search(text[body : position + 1])):
            break
        if form.startswith(" - ", position) and starts_with(form, wd.person_titles, position + 3):
            break  # "Bộ trưởng Bộ Tài chính - Phó Trưởng ban …": the role after the name is not part of it
        if char in ",&/" or form.startswith(" và ", position):
            rest = position + (1 if char in ",&/" else 4)
            while rest < len(text) and text[rest] == " ":
                rest += 1
            if _starts_name(text, form, rest, head) or starts_with(form, wd.name_ends, rest):
                break
            plural = form.startswith("các ", body)
            if char == " " and not plural and _org_head(text, form, rest):
                break  # "Thông tấn xã Việt Nam và hệ thống các cơ quan báo chí": "và" joins two bodies
            verb = starts_with(form, wd.subject_ends, rest) if text[rest : rest + 1].islower() else None
            named_field = any(re.search(rf"\b{field}\b", form[body:position]) for field in wd.noun_like_verbs)
            if verb and plural and verb in wd.noun_like_verbs and named_field:
                position = rest + len(verb)  # a group's second field: "Các cơ quan tham mưu, quản lý nhà nước"
                continue
            if verb and not _org_head(text, form, rest):
                break  # "Cục Phát thanh, Truyền hình và Thông tin điện tử": a capitalised field goes on
        if char == " ":
            following = position + 1
            if starts_with(form, wd.name_ends, following):
                break
            inner = _org_head(text, form, following)
            if inner:  # "Văn phòng Ban Chỉ đạo …": an organisation word inside a name is part of it
                position = following + len(inner)
                continue
            verb = starts_with(form, wd.subject_ends, following)
            # Only an organisation word so far: "Bộ quản lý ngành" names a body ("Bộ Tài chính xây dựng" does not).
            bare = following == at + 1 and head is not None and match_form(text[body:at]) in wd.org_heads
            if verb and bare and verb in wd.noun_like_verbs:
                verb = None
            if verb and not text[following].isupper() and not _names_a_field(text, form, following, verb):
                break  # a capitalised word is part of the name: "Vụ Tổ chức cán bộ", "Cục Thông tin cơ sở"
            count += 1
            if count > _MAX_UNIT_WORDS:
                break
        position += 1
    return position


_PLACE_WORD = re.compile(r"(?:tỉnh|thành phố|trung ương|cấp tỉnh|cấp xã|khu vực)\b")


def _names_a_field(text: str, form: str, at: int, verb: str) -> bool:
    """A verb that names a body's field when the predicate follows it: "Cục Kết cấu hạ tầng xây dựng tham mưu",
    "Ban Quản lý dự án đầu tư xây dựng chủ trì" (not "Bộ Y tế xây dựng kế hoạch")."""
    if verb not in words().noun_like_verbs:
        return False
    after = at + len(verb)
    if after >= len(form) or form[after] in ":(":
        return True  # a heading that ends with it: "7. Cục Kinh tế - Quản lý đầu tư xây dựng"
    after += 1
    if after < len(text) and text[after].isupper():
        return False  # "… quản lý Tổ chức chi trả thu nhập": the verb, and a capitalised name after it
    followed = starts_with(form, words().subject_ends, after) or starts_with(form, words().noun_like_verbs, after)
    return bool(followed or _PLACE_WORD.match(form, after))


def subject_units(text: str) -> UnitSpan | None:
    """The units a task sentence opens with, as its subject ("Bộ X chủ trì …", "Các Bộ: Quốc phòng, Công an …").

    Returns:
        None when the sentence opens with anything else (a verb, a topic, a date) or is only a name.
    """
    form = match_form(text)
    for at in _subject_starts(form):
        if at and not (text[at : at + 1].isupper() or form.startswith(_PLURAL_SUBJECTS, at)):
            continue  # after a lead-in a subject starts as a name does: "…, Bộ Nội vụ chủ trì", not "…, đơn vị để"
        span = _subject_at(text, form, at)
        if span is not None:
            return span
    return None


# Where a clause of a sentence starts: after a sentence's end, a colon or a semicolon.
# Who gives the work, before the assignment verb: "Thủ tướng Chính phủ yêu cầu …", "UBND Thành phố giao …".
_ISSUER = re.compile(
    r"(?:(?:thủ tướng|chính phủ|phó thủ tướng|ủy ban nhân dân|ubnd|văn phòng chính phủ|bộ|sở|thường trực|"
    r"phó chủ tịch|chủ tịch|bộ trưởng|thứ trưởng|lãnh đạo|đồng chí|tổng bí thư|ban thường vụ)"
    r"[^,;:.]{0,50}?|[^,;:.]{0,30}?)\s+(?=(?:giao|yêu cầu|đề nghị)\b)"
)
# A short label that opens an item: a few words, no clause mark, then a colon ("Báo cáo tháng: …").
_LABEL = re.compile(r"[^\W\d][^:;,.()]{1,40}:\s+")
_CLAUSE_START = re.compile(r"(?:[.;]\s+(?=[^\W\d_]))|(?::\s+)")


def _subject_starts(form: str, at: int = 0) -> list[int]:
    """Where a sentence's subject may start: its beginning, or after the commas of an adverbial lead-in
    ("Trước ngày 10/4/2025, Bộ X …", "Căn cứ chức năng, nhiệm vụ được giao, bộ, ngành …") until a part
    that starts with a verb, which ends the lead-in."""
    if not starts_with(form, words().lead_ins, at):
        label = _LABEL.match(form, at)  # "Báo cáo quý: Sở Nội vụ tổng hợp …": the subject after a short label
        return [at, label.end()] if label else [at]
    starts = []
    for comma in re.finditer(r"[,:]\s*", form[at : at + _LEAD_IN_CHARS]):
        starts.append(at + comma.end())
        if starts_with(form, words().subject_ends, at + comma.end()):
            break
    return starts


def _subject_at(text: str, form: str, at: int) -> UnitSpan | None:
    if starts_with(form, words().assign_verbs, at):
        return None
    span = unit_span(text, at)
    if span is None:
        return None
    members = colon_members(text, span)
    if members is not None:
        return members
    rest = form[span.end :].lstrip(" ,")
    if rest.startswith("- ") or starts_with(rest, words().name_ends):
        # Past a role or an aside to the verb: "Bộ trưởng Bộ Tài chính - Phó Trưởng ban …, tập trung …",
        # "Cấp ủy, chính quyền địa phương các cấp, nhất là thành phố Hà Nội … phải đi đầu …".
        # One aside, not a list of them ("… - Đại biểu Quốc hội … - Ủy viên …" lists a person's roles).
        limit = min(len(rest), 160, *(at for at in (rest.find(" - ", 2),) if at > 0))
        aside_end = next((i for i in range(2, limit) if starts_with(rest, words().subject_ends, i)), 0)
        rest = rest[aside_end:]
    if rest.startswith(":"):
        return span if rest[1:].strip() else None  # "Ủy ban nhân dân tỉnh Đồng Nai: chỉ đạo …"
    if starts_with(rest, words().assign_verbs):
        return None  # "Chính phủ giao Bộ Nội vụ …": the one given the work leads, not the one giving it
    # A unit followed by what it must do; "Bộ Tài chính cho biết …", "… đã bày tỏ …" report, they do not assign.
    return span if starts_with(rest, words().subject_ends) else None


def colon_members(text: str, span: UnitSpan) -> UnitSpan | None:
    """A type word and its members after a colon: "Các Bộ: Quốc phòng, Công an" -> Bộ Quốc phòng, Bộ Công an.

    Members are matched against the registry's names of that type (so "Văn hóa, Thể thao và Du lịch"
    stays one name): ministries, their departments ("Các Sở: Tài chính, Xây dựng"), state groups ("các Tập
    đoàn: Bưu chính Viễn thông Việt Nam, …") and provinces ("các tỉnh, thành phố: Hà Tĩnh, Huế").
    """
    if span.end >= len(text) or text[span.end] != ":":
        return None
    kind = _member_kind(span.names[-1])  # "Các Bộ, cơ quan liên quan và các Tập đoàn: …": the last name lists
    if kind is None:
        return None
    prefix, members_of = kind
    form = match_form(text)
    members: list[str] = []
    at = end = span.end + 1
    while True:
        separator = _SEPARATOR.match(form, at)
        at = separator.end() if separator else at
        while at < len(form) and form[at] == " ":
            at += 1
        found = starts_with(form, members_of, at)
        if found is None:
            break
        written = text[at : at + len(found)]
        members.append(f"{prefix(written)} {written}".strip())
        at += len(found)
        end = at
    if not members:
        return None
    more = unit_span(text, at) if separator else None  # "Các sở: Nội vụ, Xây dựng và UBND các xã, phường: …"
    names = (*span.names[:-1], *members, *(more.names if more else ()))
    return UnitSpan(names, span.start, more.end if more else end)


_PROVINCE_LIST = re.compile(
    r"\s*(?:các\s+)?(?:tỉnh,\s*thành phố|tỉnh/thành phố|tỉnh, tp|tỉnh|thành phố)(?:\s+trực thuộc trung ương)?$"
)


def _member_kind(type_name: str) -> tuple[Callable[[str], str], tuple[str, ...]] | None:
    """How each member after "<type>:" is named and which names it may have, for the type words that list:
    ministries, departments, state groups, and any body of the provinces ("Ủy ban nhân dân các tỉnh, thành phố:
    Hà Tĩnh, Huế" -> "Ủy ban nhân dân tỉnh Hà Tĩnh"; "Sở Xây dựng các tỉnh: Gia Lai" -> "Sở Xây dựng Gia Lai")."""
    form = match_form(type_name).removeprefix("các ").strip()
    if form in ("bộ", "bộ, ngành", "bộ, cơ quan"):
        return (lambda _: "Bộ"), _member_names("ministry", "Bộ ")
    if form in ("sở", "sở, ngành", "sở, ban, ngành"):
        return (lambda _: "Sở"), _department_fields()
    if form in ("tập đoàn", "tập đoàn, tổng công ty"):
        return (lambda _: "Tập đoàn"), _member_names("enterprise", "Tập đoàn ")
    province_list = _PROVINCE_LIST.search(form)
    if province_list is None:
        return None
    body = type_name[: province_list.start() + len(type_name) - len(form)].strip()
    if match_form(body) in ("ủy ban nhân dân", "ubnd", "chủ tịch ủy ban nhân dân", ""):
        return _province_body, _provinces()
    return (lambda _: body), _provinces()


@cache
def _member_names(kind: str, prefix: str) -> tuple[str, ...]:
    """What follows `prefix` in the registry's names of a kind ("Văn hóa, Thể thao và Du lịch"), longest first."""
    registry = UnitRegistry.load()
    names = [_PARENTHESIS.sub("", e.name).strip() for e in registry.entries.values() if e.kind == kind]
    return _longest_first([name.removeprefix(prefix) for name in names if name.startswith(prefix)])


@cache
def _department_fields() -> tuple[str, ...]:
    """What a province's department is named after: a ministry's domain, or one only provinces have ("Quy hoạch
    - Kiến trúc", "Du lịch") or had before the 2025 mergers ("Kế hoạch và Đầu tư")."""
    fields = {*_member_names("ministry", "Bộ "), *words().department_fields}
    return tuple(sorted(fields, key=len, reverse=True))


@cache
def _provinces() -> tuple[str, ...]:
    registry = UnitRegistry.load()
    shorts = [a for e in registry.entries.values() if e.kind == "province" for a in e.aliases[1:2]]
    return _longest_first(shorts)


def _province_body(written: str) -> str:
    entry = UnitRegistry.load().exact(written)
    city = entry is not None and entry.startswith("Thành phố")
    return "Ủy ban nhân dân thành phố" if city else "Ủy ban nhân dân tỉnh"


def assigned_units(text: str) -> UnitSpan | None:
    """The units an assignment that opens a sentence names: "Giao Sở Y tế …", "Đề nghị UBND tỉnh …", "Thủ tướng
    Chính phủ yêu cầu các Bộ …", "Trên cơ sở …, giao Sở Y tế …". An assignment later in the sentence starts a
    task of its own (`ingest.extract.prose`), it does not lead this one."""
    form = match_form(text)
    clauses = [0] + [m.end() for m in _CLAUSE_START.finditer(form)]
    for start in (at for clause in clauses for at in _subject_starts(form, clause)):
        verb = _assignment_at(text, form, start)
        if verb is None:
            continue
        span = unit_span(text, verb)
        if span is not None:
            return colon_members(text, span) or span
    return None


def _assignment_at(text: str, form: str, at: int) -> int | None:
    """Where the assignee starts, when an assignment verb stands at `at` or after the issuer that opens the
    sentence there ("Thủ tướng Chính phủ yêu cầu …", "UBND Thành phố giao …")."""
    verb = starts_with(form, words().assign_verbs, at)
    if verb is None:
        issuer = _ISSUER.match(form, at)
        if issuer is None:
            return None
        at = issuer.end()
        verb = starts_with(form, words().assign_verbs, at)
        if verb is None:
            return None
    end = at + len(verb)
    return end + 4 if form.startswith(" cho ", end) else end


_MEMBERS = re.compile(r"\((?:gồm|bao gồm)\s*:?\s*")
# The places a heading's bodies belong to: "Sở Y tế các tỉnh, thành phố trực thuộc Trung ương".
_PLACES = re.compile(r"^\s*(?:các |của )?(?:tỉnh, thành phố|tỉnh/thành phố|tỉnh, thành)(?: trực thuộc trung ương)?")


def heading_units(text: str) -> UnitSpan | None:
    """The units of a heading that is only units ("2. Bộ Y tế:", "Sở Công Thương", "Giao Đảng ủy Chính phủ:").

    A short qualifier may follow the names ("có liên quan", "từ Hà Tĩnh đến Khánh Hòa", "nêu trên").
    """
    body = text.strip().rstrip(":.;,").strip()
    form = match_form(body)
    verb = starts_with(form, words().assign_verbs, 0)
    at = len(verb) + (4 if form.startswith(" cho ", len(verb)) else 0) if verb else 0
    span = unit_span(body, at)
    if span is None:
        return None
    span = colon_members(body, span) or span
    while body[span.end : span.end + 1] == ";" and (more := unit_span(body, span.end + 1)):
        span = UnitSpan((*span.names, *more.names), span.start, more.end)  # "Các Thành viên …; Trưởng Ban …"
    members = _MEMBERS.search(form, span.end)  # "Các cơ quan tham mưu (gồm các Sở: Xây dựng, Tài chính)"
    if members:
        close = body.find(")", members.end())
        inner = body[members.end() : close if close >= 0 else len(body)]
        if named := unit_span(inner):
            return UnitSpan((colon_members(inner, named) or named).names, span.start, len(body))
    rest = _PLACES.sub("", form[span.end :]).strip(" ,")
    if rest and (len(rest.split()) > 6 or not rest.startswith(words().heading_qualifiers)):
        return None  # "Đà Nẵng bắn pháo hoa …" is a headline, "Các Bộ có liên quan:" a heading of units
    return span


def label_of(text: str) -> tuple[str, str] | None:
    """A labelled field ("Đơn vị chủ trì thực hiện: Sở Tư pháp.") as (role, value), None otherwise."""
    head, colon, value = text.partition(":")
    if not colon or len(head) > 60:
        return None
    form = match_form(head).strip(" *_-–")
    for role, phrases in words().labels.items():
        if form in phrases:
            return role, normalize(value).strip(" *_.;")
    return None
