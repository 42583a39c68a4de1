"""Where the rows of a flattened table end and which column each cell takes: the reading that fits best.

A flattened table writes a merged cell once and an empty cell as the same empty slot as the step
between two rows, so several readings are possible. Each is scored by how well every cell sits in
the column it would take (a row number under "STT", a deadline under "Thời hạn", a unit under "Cơ
quan chủ trì"), less a little for each row opened, each column left to a merged cell above and each
empty cell; the best reading of the whole table is found by dynamic programming over the slots.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dondoc.nlp.table_cells import CellKind, cell_kind
from dondoc.nlp.text import fold

# How well a cell of one kind sits in a column holding another (the header's kind, else the
# kind its unambiguous rows hold; None: nothing known, anything fits).
_FIT: dict[CellKind, dict[CellKind, float]] = {
    "stt": {"stt": 3, "number": 0.5},
    "date": {"date": 3, "status": 0, "short": 0, "long": -0.5, "unit": -2, "stt": -3, "number": -1},
    "unit": {"unit": 2, "long": -0.5, "short": 0, "status": -1, "date": -2, "stt": -3, "number": -2},
    "number": {"number": 2, "stt": 0, "short": 0, "status": -1, "long": -1, "unit": -2, "date": -1},
    "status": {"status": 3, "long": 0.5, "short": 0.5, "date": -1, "unit": -2, "stt": -3, "number": -1},
    "long": {"long": 2, "short": 1, "status": 0.5, "unit": -1, "date": -2, "stt": -3, "number": -2},
    "short": {"long": 0.5, "short": 0.5, "status": 0, "unit": -0.5, "date": -1, "stt": -2, "number": -1},
}
_MISFIT = -2.0  # a kind the table above does not list for that column kind
_BASE = 1.0  # any text cell read as a cell of the table rather than as the text after it
_ROW = -1.0  # opening a row
_EMPTY_ROW = -2.0  # a row of empty cells only
_EMPTY_CELL = -0.2
_SKIP = 0.4  # a column left to a cell merged from the row above
_HEADER_REPEAT = 3.0  # a cell repeating its column's header (a header printed again after a page break)
_CLOSED = -1


@dataclass(frozen=True)
class Slot:
    """What stands between two lone "|" lines: a cell, an empty cell, or the step between two rows.

    Attributes:
        first: the 0-based index of its first line.
        lines: its lines as written.
        text: its text, emphasis dropped and whitespace collapsed.
        blank: nothing at all stands there (a cell of "** **" is an empty cell, never a row's end).
        bold: its text is set in bold (header cells and group titles are).
    """

    first: int
    lines: tuple[str, ...]
    text: str
    blank: bool
    bold: bool

    @property
    def cell(self) -> Cell:
        return Cell(self.text, self.first + 1, self.bold)


@dataclass
class Cell:
    """A cell placed in a row: its text, the 1-based line it starts on, and whether it is bold."""

    text: str
    line: int  # 1-based
    bold: bool


def _fits(cell: Cell, kinds: list[CellKind | None], headings: list[str]) -> list[float]:
    """How well the cell sits in each column (a header's own words repeated fit their column best)."""
    own = cell_kind(cell.text)
    folded = fold(cell.text)
    return [
        _BASE + _HEADER_REPEAT
        if heading and folded == fold(heading)
        else _BASE + (_FIT[own].get(kind, _MISFIT) if kind else 0)
        for kind, heading in zip(kinds, headings, strict=False)
    ]


_State = tuple[int, bool]


@dataclass
class _Step:
    """The best score of each state after one more slot, and the choice that led there."""

    scores: dict[_State, float] = field(default_factory=dict)
    came: dict[_State, tuple[_State, int | None]] = field(default_factory=dict)

    def offer(self, state: _State, score: float, source: _State, column: int | None) -> None:
        if score > self.scores.get(state, float("-inf")):
            self.scores[state] = score
            self.came[state] = (source, column)


def read_rows(body: list[Slot], kinds: list[CellKind | None], heading: list[Cell]) -> tuple[list[dict[int, Cell]], int]:
    """Where rows end and which column each cell takes: the reading of the slots that fits best.

    A state is the column of the last cell of the open row and whether that row holds text, or
    _CLOSED after the step between two rows. The table may end before a slot of text that comes
    right after a row's last cell (its closing "|").

    Returns:
        Each row as column -> cell (columns a merged cell covers are missing), and how many slots
        the table takes.
    """
    columns = len(kinds)
    headings = [cell.text for cell in heading] + [""] * columns
    scores: dict[_State, float] = {(_CLOSED, False): 0.0}
    back: list[dict[_State, tuple[_State, int | None]]] = []
    best_end: tuple[float, int, _State] | None = None
    for index, slot in enumerate(body):
        cell = slot.cell
        fits = _fits(cell, kinds, headings) if cell.text else []
        step = _Step()
        for (last, has_text), score in scores.items():
            source = (last, has_text)
            opening = last == _CLOSED
            if slot.blank or not cell.text:
                if not opening and slot.blank:
                    step.offer((_CLOSED, False), score + (0 if has_text else _EMPTY_ROW), source, None)
                if last + 1 < columns:
                    cost = _EMPTY_CELL + (_ROW if opening else 0)
                    step.offer((last + 1, has_text and not opening), score + cost, source, last + 1)
                continue
            if not opening and has_text and (best_end is None or score > best_end[0]):
                best_end = (score, index, source)
            for column in range(last + 1, columns):
                gain = fits[column] - _SKIP * (column - last - 1) + (_ROW if opening else 0)
                step.offer((column, True), score + gain, source, column)
        back.append(step.came)
        scores = step.scores
        if not scores:
            break
    final = [(score, state) for state, score in scores.items() if state[1]]  # the last "|" closes a row
    if final and len(back) == len(body):
        score, state = max(final)
        if best_end is None or score >= best_end[0]:
            return _trace(body, back, len(body), state), len(body)
    if best_end is None:
        return [], 0
    _, used, state = best_end
    return _trace(body, back, used, state), used


def _trace(
    body: list[Slot], back: list[dict[_State, tuple[_State, int | None]]], used: int, state: _State
) -> list[dict[int, Cell]]:
    """The rows of the best reading, from the choice made at each slot."""
    choices: list[int | None] = []
    for index in range(used - 1, -1, -1):
        state, column = back[index][state]
        choices.append(column)
    rows: list[dict[int, Cell]] = []
    open_row: dict[int, Cell] | None = None
    for slot, column in zip(body[:used], reversed(choices), strict=True):
        if column is None:
            if open_row is not None:
                rows.append(open_row)
            open_row = None
            continue
        if open_row is None:
            open_row = {}
        open_row[column] = slot.cell
    if open_row is not None:
        rows.append(open_row)
    return rows
