"""`dondoc stats`: the numbers /thongke shows, agreeing with `dondoc tasks --overdue`."""

from __future__ import annotations

import json
import re
from datetime import date

from dondoc.conversation import Conversation, IncomingMessage
from dondoc.data.db import open_database

TODAY = "2026-11-23"


def test_a_units_numbers_are_those_of_thongke_and_tasks(corpus_cli, corpus_url: str, registry) -> None:
    [row] = json.loads(corpus_cli("stats", "--unit", "BYT", "--today", TODAY, "--json").output)
    overdue = json.loads(corpus_cli("tasks", "--unit", "BYT", "--overdue", "--today", TODAY, "--json").output)
    core = Conversation(open_database(corpus_url), registry, today=lambda: date.fromisoformat(TODAY))
    [reply] = core.handle(IncomingMessage("console", "1", "u", "/thongke BYT", chat_type="private"))
    shown = {m[1]: int(m[2]) for m in re.finditer(r"• ([^:]+): (\d+)", reply.text)}

    # Its own tasks are counted; those given to a group it belongs to are counted apart, as /cham lists them.
    assert row["unit"] == "Bộ Y tế" and row["overdue"] == sum(not task["shared"] for task in overdue) > 0
    assert (
        row["shared_overdue"] == sum(task["shared"] for task in overdue) == shown["Giao chung cho nhóm đơn vị, quá hạn"]
    )
    assert row["total"] == shown["Tổng số"] == row["done_on_time"] + row["done_late"] + row["in_time"] + row["overdue"]
    done = (shown["Đã hoàn thành đúng hạn"], shown["Đã hoàn thành nhưng quá hạn"])
    assert (row["done_on_time"], row["done_late"]) == done
    assert (row["in_time"], row["overdue"]) == (shown["Đang thực hiện, trong hạn"], shown["Quá hạn, chưa hoàn thành"])
    assert f"Tỷ lệ hoàn thành: {row['completion']}%" in reply.text


def test_all_units_come_after_the_totals_most_tasks_first(corpus_cli) -> None:
    table = corpus_cli("stats", "--today", TODAY).output.splitlines()
    rows = json.loads(corpus_cli("stats", "--today", TODAY, "--json").output)

    totals = [r["total"] for r in rows[1:]]
    assert rows[0]["unit"] == "(tất cả)" and rows[0]["total"] >= totals[0] > 0
    assert totals == sorted(totals, reverse=True)
    assert table[0].split() == ["unit", "total", "done_on_time", "done_late", "in_time", "overdue", "completion"]
    assert corpus_cli("stats", "--unit", "Bộ Không Có").exit_code == 1
