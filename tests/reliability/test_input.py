"""Issue 15, item 5: invisible format characters are dropped before reading; input is echoed only in part."""

from __future__ import annotations

import sys
import unicodedata

from dondoc.conversation.wording import ECHO_LIMIT
from dondoc.nlp.text import normalize
from tests.builders import Chat


def test_zero_width_spaces_and_soft_hyphens_inside_a_unit_are_read_through(core) -> None:
    chat = Chat(core)
    assert chat.text("/thongke B\u200bộ Y t\u00adế") == chat.text("/thongke Bộ Y tế")
    assert chat.text("/theodoi \ufeffB\u200cộ Y\u2060 tế").startswith("Đã theo dõi Bộ Y tế")


def test_every_format_character_is_dropped() -> None:
    cf = "".join(chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf")
    assert normalize(f"a{cf}b") == "ab"


def test_a_long_unknown_command_or_unit_is_echoed_in_part(core) -> None:
    chat = Chat(core)
    pasted = "x" * 3000
    for text in (f"/{pasted}", f"/thongke Bộ {pasted}", f"/donvi {pasted}"):
        [reply] = chat.say(text)
        assert pasted[: ECHO_LIMIT + 1] not in reply.text and "…" in reply.text, text[:20]
        assert len(reply.text) < 600
