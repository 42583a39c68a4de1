"""What a question was read as, in words: whose tasks, which state, which window, which documents, and what
could not be found. `answer_text` builds its headers from these."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from dondoc.conversation.wording import REPORTED_STATUS, echo
from dondoc.index.answer import NamedDocument
from dondoc.nlp.periods import Period
from dondoc.nlp.reading import Reading
from dondoc.nlp.text import vn_date

SEMANTIC_PENDING = (
    "(Phần tìm kiếm theo nghĩa đang được nạp sau khi khởi động lại; câu trả lời này chỉ dựa trên từ khóa. "
    "Bạn hỏi lại sau ít phút để có kết quả đầy đủ hơn.)"
)


def period_words(reading: Reading, grain: str | None) -> str:
    """The window in words: "có hạn trong tháng 6/2025", "có hạn đến hết 30/06/2024" ("" without one)."""
    start, end = reading.due_from, reading.due_to
    if start and end:
        if grain == "month":
            return f"có hạn trong tháng {start.month}/{start.year}"
        if grain == "quarter":
            return f"có hạn trong quý {['I', 'II', 'III', 'IV'][(start.month - 1) // 3]}/{start.year}"
        if grain == "year":
            return f"có hạn trong năm {start.year}"
        if grain == "soon":
            return f"sắp đến hạn (đến {vn_date(end)})"
        return f"có hạn vào {vn_date(start)}" if start == end else f"có hạn từ {vn_date(start)} đến {vn_date(end)}"
    if end:
        return f"có hạn đến hết {vn_date(end)}"
    return f"có hạn từ {vn_date(start)}" if start else ""


def unit_names(reading: Reading) -> str:
    """The units asked about, an old name with its new one: "Bộ Kế hoạch và Đầu tư (nay là Bộ Tài chính)"."""
    renamed = dict(reading.renamed)
    return ", ".join(f"{unit} (nay là {renamed[unit]})" if unit in renamed else unit for unit in reading.units)


def document_names(documents: Sequence[NamedDocument]) -> str:
    return ", ".join(document.name for document in documents)


def subject(reading: Reading, documents: Sequence[NamedDocument], count: int) -> str:
    """ "Bộ Y tế có 12 nhiệm vụ", "Thông báo 624/TB-VPCP ngày 16/11/2025 giao Bộ Tư pháp đích danh 4 nhiệm vụ"."""
    units, named = unit_names(reading), document_names(documents)
    given = "giao đích danh" if reading.asks("own") else "giao"
    if reading.coordinating:
        helpers = ", ".join(reading.coordinating)
        whose = f"{units} chủ trì, {helpers} phối hợp" if units else f"{helpers} phối hợp thực hiện"
        return f"{named} có {count} nhiệm vụ {whose}" if named else f"Có {count} nhiệm vụ {whose}"
    if named and units:
        return f"{named} {given} {units} {count} nhiệm vụ"
    if units and reading.asks("own"):
        return f"{units} được giao đích danh {count} nhiệm vụ"
    if named or units:
        return f"{named or units} có {count} nhiệm vụ"
    return f"Có {count} nhiệm vụ"


def describe(reading: Reading, grain: str | None) -> str:
    """The filters in words: "quá hạn", "chưa hoàn thành, có hạn trong quý II/2024", "được báo cáo là
    “chưa hoàn thành”" (the report's own verdict, not the state computed from the deadline)."""
    words = []
    if reading.status and reading.verdict:
        words.append(
            f"được báo cáo là “{REPORTED_STATUS.get(reading.status, reading.status)}” (theo đánh giá của báo cáo)"
        )
    elif reading.status:
        words.append(REPORTED_STATUS.get(reading.status, reading.status))
    if reading.overdue:
        words.append("quá hạn")
    elif reading.pending and not reading.status and grain != "soon":
        words.append("chưa hoàn thành")
    period = period_words(reading, grain)
    if period:
        words.append(period)
    if reading.asks("undated"):
        words.append("không có hạn cụ thể")
    if reading.reported_in:
        words.append(f"theo các báo cáo {_report_window(reading.reported_in)}")
    return ", ".join(words)


def _report_window(period: Period) -> str:
    """ "năm 2024", "tháng 1/2024", "ngày 16/11/2025", "từ 01/01/2024 đến 30/06/2024": when the reports asked
    about were issued."""
    start, end = period.start, period.end
    if start and end and period.kind == "year":
        return f"năm {start.year}"
    if start and end and period.kind == "month":
        return f"tháng {start.month}/{start.year}"
    if start and start == end:
        return f"ngày {vn_date(start)}"
    return f"từ {vn_date(start) if start else '…'} đến {vn_date(end) if end else 'nay'}"


def how_counted(reading: Reading, counts: dict[str, int]) -> str:
    """How a listing counted: ", cùng 54 nhiệm vụ giao chung …. Trong đó 9 đã quá hạn (5 đang thực hiện …)"."""
    text = ""
    if counts.get("shared"):
        text += f", cùng {counts['shared']} nhiệm vụ giao chung cho nhóm đơn vị (ghi “(giao chung)”, xếp sau)"
    if reading.pending and not reading.overdue and not reading.status and reading.grain != "soon":
        text += " (mọi việc chưa xong: chưa hoàn thành, đang thực hiện hoặc chưa có báo cáo)"
    if reading.pending and not reading.overdue and counts.get("overdue"):
        text += f". Trong đó {counts['overdue']} đã quá hạn"
        if counts.get("in_progress_overdue"):
            text += f" ({counts['in_progress_overdue']} đang thực hiện nhưng đã quá hạn)"
    return text


def as_of_words(reading: Reading, today: date, past: bool = False) -> str:
    """ "(tính đến 23/11/2026)"; for a `past` day the question named, also the reports it was judged from."""
    if past:
        return f" (tính đến {today:%d/%m/%Y}, theo các báo cáo đã có đến ngày đó)"
    if reading.overdue or reading.pending or reading.as_of:
        return f" (tính đến {today:%d/%m/%Y})"
    return ""


def not_found_notes(reading: Reading, documents: Sequence[NamedDocument], unfiltered: Sequence[str]) -> list[str]:
    """What the question named that could not be found, said before the closest tasks shown instead."""
    notes = []
    if reading.not_found and (reading.units or documents):
        found = ", ".join(f"“{echo(name)}”" for name in reading.not_found)
        whose = unit_names(reading) or document_names(documents)
        notes.append(f"Không tìm thấy đơn vị {found} trong các báo cáo đã nạp; dưới đây là nhiệm vụ của {whose}.")
    if "document" in unfiltered:
        missing = [d for d in documents if not d.read]
        named = ", ".join(d.name for d in missing)
        cited = " (chỉ được các nhiệm vụ khác dẫn chiếu)" if any(d.known for d in missing) else ""
        notes.append(
            f"Chưa có báo cáo {named} trong dữ liệu{cited}, nên không biết văn bản này giao những gì; "
            "dưới đây là các nhiệm vụ gần nhất với câu hỏi."
        )
    return notes
