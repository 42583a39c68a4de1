"""The mapping form: what the page shows of a document (its tables' first rows, its blocks) and the posted choices
as an `ingest.mapping.Mapping`, with each refusal said in Vietnamese.

Field names: `b{T}_cot{C}` the role of column C of table T ("" to skip it), `b{T}_tieude` its header
rows, `b{T}_nhom` its group-row rules, `b{T}_boqua` the group rows to skip, `b{T}_donvi` the unit of
rows without one, `b{T}_da` that table T's choices were posted; `k{B}_donvi` the unit of block B's
items and `k{B}_boqua` a block where skipping starts.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dondoc.ingest.mapped_reading import group_rows
from dondoc.ingest.mapping import (
    GROUP_RULES,
    ROLES,
    BlockMapping,
    Mapping,
    MappingError,
    TableMapping,
    block_signature,
    table_signature,
)
from dondoc.ingest.readers.document import Block, Document
from dondoc.ingest.templates import InvalidTemplateName, TemplateConflict, UnknownTemplate
from dondoc.nlp.text import fold, normalize

# The choices of a column's select, in the order the page lists them; "" is "Bỏ qua".
ROLE_LABELS = {
    "content": "Nội dung nhiệm vụ",
    "lead": "Đơn vị chủ trì",
    "coordinating": "Đơn vị phối hợp",
    "deadline": "Thời hạn",
    "result": "Kết quả – tình trạng",
    "directing": "Văn bản chỉ đạo",
    "stt": "Số thứ tự",
    "": "Bỏ qua",
}
RULE_LABELS = {
    "numbering": "số thứ tự là số La Mã hoặc chữ cái (I, II, A, B)",
    "single_cell": "dòng chỉ có chữ ở một ô (hoặc một chữ trải cả dòng)",
}
MAX_TABLES = 20
MAX_BLOCKS = 300
SAMPLE_ROWS = 8
MAX_HEADER_ROWS = 10


@dataclass
class TableView:
    """One table as the page shows it: its header and first rows, and the group rows its rules find."""

    index: int
    block: Block
    width: int
    header_rows: int
    groups: list[str] = field(default_factory=list)


@dataclass
class MappingForm:
    """The posted choices (to show them again) and the mapping they make."""

    values: dict[str, list[str]]
    mapping: Mapping
    tables: list[TableView]
    blocks: list[tuple[int, Block]]

    def value(self, name: str, default: str = "") -> str:
        return (self.values.get(name) or [default])[0]

    def checked(self, name: str, value: str) -> bool:
        return value in self.values.get(name, [])


def read_form(document: Document, values: dict[str, list[str]]) -> MappingForm:
    """The mapping the posted `values` make on `document`; unposted tables get one header row and both rules.

    Raises:
        MappingError: a value no page offers (a forged post): a header count that is not a number.
    """
    tables, mapped = [], []
    for index, block in enumerate(document.tables[:MAX_TABLES]):
        width = max((len(row.cells) for row in block.rows), default=0)
        posted = f"b{index}_da" in values
        head = (values.get(f"b{index}_tieude") or ["1"])[0].strip()
        if not head.isdigit() or int(head) > MAX_HEADER_ROWS:
            raise MappingError("header", index, value=head)
        rules = tuple(values.get(f"b{index}_nhom", [])) if posted else GROUP_RULES
        columns = tuple(
            (column, role) for column in range(width) if (role := (values.get(f"b{index}_cot{column}") or [""])[0])
        )
        table = TableMapping(
            index=index,
            signature=table_signature(block, int(head)),
            header_rows=int(head),
            columns=columns,
            group_rules=rules,
            skip_groups=tuple(fold(text) for text in values.get(f"b{index}_boqua", [])),
            unit=normalize((values.get(f"b{index}_donvi") or [""])[0]),
        )
        view = TableView(index, block, width, int(head))
        if columns:
            mapped.append(table)
            view.groups = group_rows(block, table) if set(rules) <= set(GROUP_RULES) else []
        tables.append(view)
        if not posted:
            values = {**values, f"b{index}_nhom": list(rules)}
    texts = [(i, block) for i, block in enumerate(document.blocks) if block.kind != "table"][:MAX_BLOCKS]
    blocks = []
    for index, block in texts:
        unit = normalize((values.get(f"k{index}_donvi") or [""])[0])
        if unit or values.get(f"k{index}_boqua"):
            blocks.append(BlockMapping(index, block_signature(block), "" if values.get(f"k{index}_boqua") else unit))
    return MappingForm(values, Mapping(tuple(mapped), tuple(blocks)), tables, texts)


def problem_words(error: Exception) -> str:
    """Why a mapping or a template was refused, in Vietnamese; nothing was written."""
    if isinstance(error, InvalidTemplateName):
        return f"Tên mẫu «{error.name}» không dùng được: cần 1–30 ký tự, gồm chữ, số, khoảng trắng và . - _ / ( )."
    if isinstance(error, TemplateConflict):
        return (
            f"Bố cục này đã có mẫu «{error.other}». Đặt đúng tên đó để thay mẫu cũ, hoặc xóa mẫu cũ trước "
            "(trang Mẫu đọc báo cáo)."
        )
    if isinstance(error, UnknownTemplate):
        return f"Không có mẫu «{error.name}»; có thể mẫu đã bị xóa."
    if not isinstance(error, MappingError):
        return str(error)
    table = f"Bảng {error.table + 1}" if error.table is not None else ""
    column = f"cột {error.column + 1}" if error.column is not None else ""
    words = {
        "empty": "Chưa chỉ định gì: hãy chọn cột «Nội dung nhiệm vụ» của một bảng, hoặc đơn vị cho một khối văn bản.",
        "table": f"Tệp không có {table.lower()} như đã chỉ định.",
        "block": f"Tệp không có khối văn bản {_number(error.value)} như đã chỉ định.",
        "content": f"{table}: hãy chọn cột «Nội dung nhiệm vụ».",
        "column": f"{table} không có {column}.",
        "role": f"{table}, {column}: {_role_words(error.value)}",
        "rule": f"{table}: không có quy tắc dòng nhóm «{error.value}».",
        "header": f"{table}: số dòng tiêu đề «{error.value}» không hợp lệ.",
        "unit": "Tên đơn vị dài quá 200 ký tự.",
    }
    return words.get(error.problem, str(error))


def _number(value: object) -> str:
    return str(value + 1) if isinstance(value, int) else str(value)


def _role_words(role: object) -> str:
    if role in ROLES:
        return f"«{ROLE_LABELS[str(role)]}» đã được chọn cho một cột khác; mỗi loại chỉ chọn cho một cột."
    return f"«{role}» không phải một lựa chọn của trang."
