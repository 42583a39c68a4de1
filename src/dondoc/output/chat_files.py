"""The files the bot sends in chat: the register as .xlsx (/xuat) and the figures as a chart (/thongke).

The conversation core sits below this layer, so it receives these through `ChatFiles`, handed in by the
application (see `dondoc.conversation.turn.FileMaker`).
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy.orm import Session

from dondoc.data.statistics import UnitStatistics
from dondoc.data.tasks import TaskFilter
from dondoc.data.units import UnitRegistry
from dondoc.output.chart import chart_png
from dondoc.output.register import register, write_xlsx


class ChatFiles:
    """Makes the register and the chart in memory, as the conversation core asks for them."""

    def register_xlsx(self, session: Session, flt: TaskFilter, registry: UnitRegistry) -> tuple[bytes, int]:
        """The register workbook for `flt` (as `dondoc export` writes it) and how many tasks it lists."""
        rows, figures = register(session, flt, registry)
        with tempfile.TemporaryDirectory(prefix="dondoc-xuat-") as folder:
            path = Path(folder) / "so-theo-doi.xlsx"
            write_xlsx(path, rows, figures, flt.today)
            return path.read_bytes(), len(rows)

    def figures_png(self, figures: Sequence[UnitStatistics], title: str) -> bytes:
        """Per-unit stacked bars in the four official states."""
        return chart_png(figures, title)
