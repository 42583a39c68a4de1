"""Free-text questions through the core and the real search service: answers, details, paging to the end."""

from __future__ import annotations

import re

from tests.builders import Chat
from tests.conversation.test_commands import BYT_OVERDUE


def labels(chat: Chat) -> list[str]:
    return [b.text for r in chat.last for row in r.buttons for b in row]


def test_a_question_gets_the_search_answer_with_detail_buttons(chat: Chat) -> None:
    text = chat.text("BYT con cham gi")
    assert text.startswith(BYT_OVERDUE)
    assert text.split("\n")[0] == chat.text("/cham BYT").split("\n")[0].replace(" (trang 1/7)", "")  # one header
    chat.say("BYT con cham gi")
    assert labels(chat) == [*(f"Chi tiết {n}" for n in range(1, 11)), "Xem thêm »"]  # own tasks first, ten a page
    details = chat.press("Chi tiết 1")[0].text
    # Its own: it leads it, or (a group task, here) the result names it ("Y tế") among the members still lagging.
    assert details.startswith("Nhiệm vụ #") and ("Chủ trì: Bộ Y tế" in details or "; Y tế;" in details)


def test_a_long_answer_pages_to_the_last_page(chat: Chat) -> None:
    question = "Những nhiệm vụ nào có thời hạn Quý II/2024?"  # over 64 bytes: the paging buttons carry a token
    first = chat.text(question)
    total = int(re.search(r"(\d+) nhiệm vụ", first)[1])
    assert total > 20
    numbers = [int(label.split()[-1]) for label in labels(chat) if label.startswith("Chi tiết")]
    while "Xem thêm »" in labels(chat):
        replies = chat.press("Xem thêm »")
        assert replies[0].edit
        numbers += [int(label.split()[-1]) for label in labels(chat) if label.startswith("Chi tiết")]
    assert numbers == list(range(1, total + 1))
    assert f"trên {total} nhiệm vụ" in chat.last[0].text
    assert labels(chat)[-1] == "« Trước"
