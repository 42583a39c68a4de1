"""Buttons on a channel without buttons: a numbered text menu, and the number typed back mapped to the button.

Zalo's Bot API sends plain text only. A reply's buttons become lines under its text
("Trả lời bằng số: … 11 · Xem thêm »"), and the chat's latest menu is kept in memory so that a
message that is just one of its numbers presses that button. A button whose label ends in a number
("Chi tiết 12") answers to that number, so the numbers match the listing's own; the others take
the numbers after the highest one. What is kept, and when it is forgotten:

- one menu per chat: the last batch of messages that had buttons (an answer, or one reminder);
  a later batch without buttons leaves it in place;
- at most `capacity` chats, the least recently used forgotten first; and all of it at a restart,
  after which a number is just text again (and the core answers it as a question).
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

from dondoc.conversation.chat_text import split_text, utf16_len
from dondoc.conversation.messages import Button, Reply

MENU_HEADER = "Trả lời bằng số để chọn:"
_TRAILING_NUMBER = re.compile(r"^(.*?)\s*(\d{1,3})$")
_CHOICE = re.compile(r"\d{1,3}")


@dataclass(frozen=True)
class _Entry:
    number: int
    button: Button


def pack(text: str, limit: int) -> list[str]:
    """`text` in as few messages of at most `limit` characters as it takes, cut only between entries.

    An entry is a line with the indented lines under it (a task and its status line), so a
    listing fills each message instead of sending its header alone; nothing is dropped.
    """
    blocks: list[str] = []
    for line in text.split("\n"):
        if blocks and line[:1].isspace() and blocks[-1].strip():
            blocks[-1] += "\n" + line
        else:
            blocks.append(line)
    pieces: list[str] = []
    current: list[str] = []
    for block in blocks:
        if utf16_len("\n".join([*current, block])) <= limit:
            current.append(block)
            continue
        pieces.append("\n".join(current))
        if utf16_len(block) <= limit:
            current = [block]
        else:
            *whole, last = split_text(block, limit)
            pieces += whole
            current = [last]
    pieces.append("\n".join(current))
    return [piece.strip("\n") for piece in pieces if piece.strip()]


def number_buttons(buttons: Sequence[Button]) -> list[_Entry]:
    """A number for each button: its label's own trailing number when free, else the next after the highest."""
    taken: set[int] = set()
    numbers: list[int | None] = []
    for button in buttons:
        match = _TRAILING_NUMBER.match(button.text)
        own = int(match[2]) if match and match[1] else None
        if own is not None and own > 0 and own not in taken:
            taken.add(own)
            numbers.append(own)
        else:
            numbers.append(None)
    following = max(taken, default=0)
    entries = []
    for button, number in zip(buttons, numbers, strict=True):
        if number is None:
            following += 1
            number = following
        entries.append(_Entry(number, button))
    return entries


def menu_lines(entries: Sequence[_Entry]) -> list[str]:
    """The menu, with runs like "Chi tiết 1" … "Chi tiết 10" (numbered 1 … 10) on one line."""
    lines: list[str] = []
    index = 0
    while index < len(entries):
        entry = entries[index]
        prefix = _own_prefix(entry)
        end = index
        while (
            prefix is not None
            and end + 1 < len(entries)
            and _own_prefix(entries[end + 1]) == prefix
            and entries[end + 1].number == entries[end].number + 1
        ):
            end += 1
        if end > index:
            first, last = entry.number, entries[end].number
            lines.append(f"{first}–{last} · {prefix} {first}–{last}")
        else:
            lines.append(f"{entry.number} · {entry.button.text}")
        index = end + 1
    return lines


def _own_prefix(entry: _Entry) -> str | None:
    """ "Chi tiết" for the button "Chi tiết 12" numbered 12; None when the number is not the label's."""
    match = _TRAILING_NUMBER.match(entry.button.text)
    return match[1] if match and match[1] and int(match[2]) == entry.number else None


class MenuBook:
    """Each chat's latest menu: number typed -> the button data it stands for.

    Args:
        capacity: chats remembered; the least recently used are forgotten first.
    """

    def __init__(self, capacity: int = 10_000) -> None:
        self.capacity = capacity
        self._menus: OrderedDict[str, dict[str, str]] = OrderedDict()

    def render(self, chat_id: str, replies: Sequence[Reply], limit: int) -> list[str]:
        """The texts to send for one batch of replies, menus appended, each at most `limit` characters.

        A batch with buttons becomes the chat's menu; numbering runs on across its replies.
        """
        buttons = [button for reply in replies for row in reply.buttons for button in row]
        entries = number_buttons(buttons)
        if entries:
            self._remember(chat_id, {str(e.number): e.button.data for e in entries})
        texts: list[str] = []
        start = 0
        for reply in replies:
            count = sum(len(row) for row in reply.buttons)
            text = reply.text
            if count:
                text = "\n".join([text, "", MENU_HEADER, *menu_lines(entries[start : start + count])])
                start += count
            texts += pack(text, limit)
        return texts

    def choice(self, chat_id: str, text: str) -> str | None:
        """The button data `text` stands for, when it is just one number of the chat's menu."""
        text = text.strip()
        if not _CHOICE.fullmatch(text):
            return None
        menu = self._menus.get(chat_id)
        if menu is None:
            return None
        self._menus.move_to_end(chat_id)
        return menu.get(str(int(text)))

    def _remember(self, chat_id: str, menu: dict[str, str]) -> None:
        self._menus[chat_id] = menu
        self._menus.move_to_end(chat_id)
        while len(self._menus) > self.capacity:
            self._menus.popitem(last=False)
