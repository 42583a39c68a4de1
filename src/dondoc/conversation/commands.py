"""The bot's commands, in latin Vietnamese because Telegram commands are latin: one handler each."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from dondoc.conversation.answer_text import listing_header
from dondoc.conversation.file_commands import export_register, with_chart
from dondoc.conversation.focal_commands import register_focal, revoke_focal
from dondoc.conversation.messages import Reply
from dondoc.conversation.progress_commands import capnhat, lichsu
from dondoc.conversation.reminder_commands import pause_reminders
from dondoc.conversation.turn import Turn, clamp
from dondoc.conversation.web_command import web_link
from dondoc.conversation.wording import day_text, echo
from dondoc.data.statistics import UnitStatistics, unit_statistics
from dondoc.data.tasks import TaskFilter, TaskListing
from dondoc.data.unit_store import list_units
from dondoc.data.units import UnitRegistry, UnknownUnit
from dondoc.nlp.periods import Period
from dondoc.nlp.reading import Reading
from dondoc.nlp.units import unit_key
from dondoc.reminders.subscriptions import list_subscriptions, subscribe, unsubscribe

DEFAULT_SOON_DAYS = 30
UNITS_PER_PAGE = 15

Handler = Callable[[Turn, str, int], list[Reply]]


@dataclass(frozen=True)
class Command:
    """A command: its handler, what the menu says, and the usage line shown on bad input."""

    handler: Handler
    description: str
    usage: str


def _help(turn: Turn, _args: str, _offset: int) -> list[Reply]:
    lines = [
        "Tôi là dondoc, trợ lý theo dõi, đôn đốc nhiệm vụ Đề án 06.",
        "",
        "Hỏi bằng tiếng Việt, có dấu hay không dấu đều được, ví dụ:",
        "• Nhiệm vụ nào của Bộ Y tế còn chậm?",
        "• BCA con viec gi chua xong",
        "• Chỉ thị 07 giao Bộ Tài chính làm gì?",
        "",
        "Các lệnh:",
        *(f"{spec.usage} — {spec.description}" for spec in COMMANDS.values() if spec.handler is not _help),
        "/help — hướng dẫn này",
    ]
    if turn.msg.chat_type != "private":
        lines += ["", "Trong nhóm, tôi chỉ trả lời lệnh và tin nhắn có nhắc tên tôi (@…)."]
    return [Reply("\n".join(lines))]


def _unit_or_none(turn: Turn, args: str) -> tuple[str, ...]:
    return (turn.unit(args),) if args.strip() else ()


def _overdue(turn: Turn, args: str, offset: int) -> list[Reply]:
    units = _unit_or_none(turn, args)
    tasks = turn.task_ids(TaskFilter(turn.today, units=units, overdue=True))
    whose = f" của {units[0]}" if units else ""
    if not tasks.ids:
        return [Reply(f"Không có nhiệm vụ nào{whose} quá hạn mà chưa hoàn thành, tính đến {day_text(turn.today)}.")]
    header = listing_header(Reading("", units=units, overdue=True), tasks.own, turn.today, counts=_counts(tasks))
    ref = turn.unit_ref(units[0]) if units else ""
    return [turn.task_page(header, tasks.ids, offset, "cham", ref, tasks.shared)]


def _soon(turn: Turn, args: str, offset: int) -> list[Reply]:
    first, _, rest = args.strip().partition(" ")
    days, unit_text = (int(first), rest) if first.isdigit() else (DEFAULT_SOON_DAYS, args)
    if not 1 <= days <= 3650:
        return [Reply(f"Số ngày phải từ 1 đến 3650. Cách dùng: {COMMANDS['sapden'].usage}")]
    units = _unit_or_none(turn, unit_text)
    until = turn.today + timedelta(days=days)
    flt = TaskFilter(turn.today, units=units, due_from=turn.today, due_to=until)
    tasks = turn.task_ids(flt, unfinished=True)
    whose = f" của {units[0]}" if units else ""
    if not tasks.ids:
        text = f"Không có nhiệm vụ nào{whose} chưa hoàn thành đến hạn trong {days} ngày tới (đến {day_text(until)})."
        return [Reply(text + " Gõ /cham để xem các nhiệm vụ đã quá hạn.")]
    window = Reading("", units=units, pending=True, period=Period(turn.today, until, "soon"))
    header = listing_header(window, tasks.own, turn.today, _counts(tasks))
    args = f"{days} {turn.unit_ref(units[0])}" if units else str(days)
    return [turn.task_page(header, tasks.ids, offset, "sapden", args, tasks.shared)]


def _counts(tasks: TaskListing) -> dict[str, int]:
    """What `listing_header` says of a command's listing: how many tasks are "giao chung"."""
    return {"shared": len(tasks.shared)}


def _figure_lines(figures: UnitStatistics) -> list[str]:
    return [
        f"• Tổng số: {figures.total} nhiệm vụ",
        f"• Đã hoàn thành đúng hạn: {figures.done_on_time}",
        f"• Đã hoàn thành nhưng quá hạn: {figures.done_late}",
        f"• Đang thực hiện, trong hạn: {figures.in_time}",
        f"• Quá hạn, chưa hoàn thành: {figures.overdue}",
        f"• Tỷ lệ hoàn thành: {figures.completion}% ({figures.done}/{figures.total})",
    ]


def _figures(turn: Turn, args: str, offset: int) -> list[Reply]:
    units = _unit_or_none(turn, args)
    totals, rows = unit_statistics(turn.session, turn.registry, turn.today, units[0] if units else None)
    as_of = f"tính đến {day_text(turn.today)}"
    if units:
        header = f"Số liệu nhiệm vụ {units[0]} chủ trì ({as_of}):"
        shared = f"• Giao chung cho nhóm đơn vị, quá hạn: {totals.shared_overdue} (không tính ở trên; xem /cham)"
        lines = [header, *_figure_lines(totals), *([shared] if totals.shared_overdue else [])]
        return [with_chart(turn, Reply("\n".join(lines)), [totals], header.rstrip(":"))]
    offset = clamp(offset, len(rows), UNITS_PER_PAGE)
    lines = [f"Số liệu toàn bộ nhiệm vụ ({as_of}):", *_figure_lines(totals), ""]
    lines.append("Theo đơn vị chủ trì (đúng hạn / trễ hạn / trong hạn / quá hạn · tỷ lệ hoàn thành):")
    for f in rows[offset : offset + UNITS_PER_PAGE]:
        lines.append(
            f"• {f.unit}: {f.total} NV — {f.done_on_time}/{f.done_late}/{f.in_time}/{f.overdue} · {f.completion}%"
        )
    return [with_chart(turn, _paged(turn, lines, "thongke", offset, len(rows), ""), rows, lines[0].rstrip(":"))]


def _paged(turn: Turn, lines: list[str], command: str, offset: int, total: int, args: str) -> Reply:
    """A listing of UNITS_PER_PAGE rows per page with « Trước / Xem thêm » buttons."""
    pages = (total + UNITS_PER_PAGE - 1) // UNITS_PER_PAGE
    where = [f"(trang {offset // UNITS_PER_PAGE + 1}/{pages})"] if pages > 1 else []
    return Reply("\n".join([*lines, *where]), turn.nav_row(command, args, offset, total, UNITS_PER_PAGE))


def _follow(turn: Turn, args: str, _offset: int) -> list[Reply]:
    if not args.strip():
        return [Reply(f"Cách dùng: {COMMANDS['theodoi'].usage}, ví dụ: /theodoi Bộ Y tế")]
    unit = turn.unit(args)
    added = subscribe(turn.session, turn.msg.channel, turn.msg.chat_id, unit, turn.registry)
    turn.session.commit()
    if not added:
        return [Reply(f"Cuộc trò chuyện này đã theo dõi {unit} rồi. Gõ /dangtheodoi để xem danh sách.")]
    successor = turn.registry.current_of(unit)
    note = f" ({unit} nay là {successor}.)" if successor != unit else ""
    text = (
        f"Đã theo dõi {unit}: cuộc trò chuyện này sẽ nhận nhắc hạn nhiệm vụ của đơn vị.{note} Gõ /huy {unit} để thôi."
    )
    return [Reply(text)]


def _unfollow(turn: Turn, args: str, _offset: int) -> list[Reply]:
    if not args.strip():
        return _following(turn, args, 0)
    unit = turn.unit(args)
    removed = unsubscribe(turn.session, turn.msg.channel, turn.msg.chat_id, unit)
    turn.session.commit()
    return [Reply(f"Đã thôi theo dõi {unit}." if removed else f"Cuộc trò chuyện này không theo dõi {unit}.")]


def _following(turn: Turn, _args: str, _offset: int) -> list[Reply]:
    units = list_subscriptions(turn.session, turn.msg.channel, turn.msg.chat_id)
    if not units:
        return [Reply("Cuộc trò chuyện này chưa theo dõi đơn vị nào. Gõ /theodoi <đơn vị>, ví dụ: /theodoi Bộ Y tế")]
    buttons = tuple((turn.command_button(f"Thôi theo dõi {unit}", "huy", turn.unit_ref(unit)),) for unit in units)
    lines = ["Cuộc trò chuyện này đang theo dõi:", *(f"• {unit}" for unit in units)]
    return [Reply("\n".join(lines), buttons)]


def find_units(registry: UnitRegistry, keyword: str) -> list[str]:
    """Units named by `keyword`: exact names and abbreviations, then names containing its words."""
    key = unit_key(keyword)
    found = registry.find_in_question(keyword)
    for entry in registry.entries.values():
        spellings = (entry.name, entry.abbreviation or "", *entry.aliases)
        if any(f" {key} " in f" {unit_key(spelling)} " for spelling in spellings):
            found.append(entry.name)
    return list(dict.fromkeys(found))


def _units(turn: Turn, args: str, offset: int) -> list[Reply]:
    counts = {row["name"]: row for row in list_units(turn.session)}
    keyword = args.strip()
    if keyword:
        names = find_units(turn.registry, keyword)
        lines = [f"Đơn vị khớp với “{echo(keyword)}”:"]
        if not names:
            names = turn.registry.suggest(keyword)
            lines = [f"Không có đơn vị nào tên “{echo(keyword)}”. Tên gần giống:"]
    else:
        names = [str(name) for name in counts]
        lines = [f"{len(names)} đơn vị có nhiệm vụ (nhiều nhiệm vụ trước):"]
    offset = clamp(offset, len(names), UNITS_PER_PAGE)
    for name in names[offset : offset + UNITS_PER_PAGE]:
        entry = turn.registry.entries.get(name)
        extra = [f"viết tắt {entry.abbreviation}"] if entry and entry.abbreviation else []
        if turn.registry.current_of(name) != name:
            extra.append(f"nay là {turn.registry.current_of(name)}")
        extra.append(f"{counts[name]['tasks']} nhiệm vụ liên quan" if name in counts else "chưa có nhiệm vụ")
        lines.append(f"• {name} ({', '.join(extra)})")
    example = names[offset] if names else "Bộ Y tế"
    lines += ["", f"Dùng đúng tên này trong các lệnh, ví dụ: /cham {example}"]
    return [_paged(turn, lines, "donvi", offset, len(names), keyword)]


def _pause(turn: Turn, args: str, _offset: int) -> list[Reply]:
    return [pause_reminders(turn.session, turn.msg.channel, turn.msg.chat_id, args, turn.today)]


COMMANDS: dict[str, Command] = {
    "start": Command(_help, "bắt đầu, xem hướng dẫn", "/start"),
    "help": Command(_help, "hướng dẫn và ví dụ", "/help"),
    "cham": Command(_overdue, "nhiệm vụ quá hạn, chưa hoàn thành (vd: /cham BYT)", "/cham [đơn vị]"),
    "sapden": Command(_soon, "nhiệm vụ sắp đến hạn (vd: /sapden 30 Bộ Y tế)", "/sapden [số ngày] [đơn vị]"),
    "thongke": Command(
        _figures, "số liệu: đúng hạn, trễ hạn, trong hạn, quá hạn, tỷ lệ hoàn thành", "/thongke [đơn vị]"
    ),
    "theodoi": Command(_follow, "nhận nhắc hạn nhiệm vụ của một đơn vị", "/theodoi <đơn vị>"),
    "huy": Command(_unfollow, "thôi theo dõi một đơn vị", "/huy <đơn vị>"),
    "dangtheodoi": Command(_following, "các đơn vị cuộc trò chuyện này đang theo dõi", "/dangtheodoi"),
    "tamdung": Command(_pause, "tạm dừng nhắc việc (vd: /tamdung 3; /tamdung 0 để bật lại)", "/tamdung [số ngày]"),
    "donvi": Command(_units, "tìm tên chính xác của đơn vị (vd: /donvi y te)", "/donvi [từ khóa]"),
    "web": Command(web_link, "liên kết đăng nhập trang web theo dõi (chỉ nhóm quản trị)", "/web"),
    "dangky": Command(register_focal, "đăng ký làm đầu mối báo cáo tiến độ của đơn vị", "/dangky [đơn vị]"),
    "capnhat": Command(capnhat, "cập nhật tiến độ (vd: /capnhat 2 xong Công văn 123/BYT)", "/capnhat N <trạng thái>"),
    "lichsu": Command(lichsu, "lịch sử thay đổi của nhiệm vụ N trong danh sách gần nhất", "/lichsu N"),
    "xuat": Command(export_register, "sổ theo dõi nhiệm vụ dạng Excel (vd: /xuat Bộ Y tế)", "/xuat [đơn vị]"),
    "thuhoi": Command(revoke_focal, "thu hồi quyền đầu mối (nhóm quản trị)", "/thuhoi <mã chat> <đơn vị>"),
}


def run_command(turn: Turn, name: str, args: str, offset: int = 0) -> list[Reply]:
    """Run one command; an unknown unit gets the closest names as buttons.

    Raises:
        KeyError: `name` is not a command (the core answers with the closest one).
    """
    spec = COMMANDS[name]
    try:
        return spec.handler(turn, args, offset)
    except UnknownUnit as error:
        return [turn.unknown_unit(name, error)]
