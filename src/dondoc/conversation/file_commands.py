"""Files in chat: /xuat sends the register as .xlsx; /thongke adds its chart as a photo.

The files are made by the layer above (`ChatState.files`); a channel that cannot send files shows the
reply's text, which always says what the file holds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from dondoc.conversation.messages import Attachment, Reply
from dondoc.conversation.turn import Turn
from dondoc.conversation.wording import day_text
from dondoc.data.statistics import UnitStatistics
from dondoc.data.tasks import TaskFilter

NO_FILES = "Bot này chưa được bật gửi tệp. Văn phòng xuất sổ theo dõi bằng lệnh: dondoc export -o so-theo-doi.xlsx"


def export_register(turn: Turn, args: str, _offset: int) -> list[Reply]:
    """/xuat [đơn vị]: the register (every task the unit leads, or all) as an Excel file."""
    files = turn.state.files
    if files is None:
        return [Reply(NO_FILES)]
    units = (turn.unit(args),) if args.strip() else ()
    content, count = files.register_xlsx(turn.session, TaskFilter(turn.today, units=units), turn.registry)
    whose = f"-{turn.unit_ref(units[0]).lstrip('#')}" if units else ""
    name = f"so-theo-doi{whose}-{turn.today:%Y%m%d}.xlsx"
    scope = f" của {units[0]}" if units else ""
    text = (
        f"Sổ theo dõi{scope}: {count} nhiệm vụ, tình trạng tính đến {day_text(turn.today)} "
        f"(tệp Excel {name}, kèm trang tổng hợp theo đơn vị)."
    )
    return [Reply(text, attachment=Attachment(name, content))]


def with_chart(turn: Turn, reply: Reply, figures: Sequence[UnitStatistics], title: str) -> Reply:
    """/thongke's text with its chart as a photo, when files are on and this is a new message (not a page)."""
    files = turn.state.files
    if files is None or turn.msg.is_callback or not figures:
        return reply
    png = files.figures_png(figures, title)
    return replace(reply, attachment=Attachment(f"thong-ke-{turn.today:%Y%m%d}.png", png, photo=True))
