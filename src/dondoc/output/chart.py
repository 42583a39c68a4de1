"""Charts of the figures: per-unit tasks in the four official states as stacked bars, as a PNG for a chat.

It takes the counts (`dondoc.data.statistics.statistics_by_unit` computes them) and imports no other layer,
so the bot, the CLI and a web page can all draw it. matplotlib's object API with the Agg canvas
draws without a display or global state; DejaVu Sans, shipped with matplotlib, has every
Vietnamese letter.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence
from typing import Protocol

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

# (attribute, legend, colour) in the order the bars are stacked, as progress reports order them.
STATES = (
    ("done_on_time", "Hoàn thành đúng hạn", "#2e7d32"),
    ("done_late", "Hoàn thành quá hạn", "#9e9d24"),
    ("in_time", "Đang thực hiện trong hạn", "#1565c0"),
    ("overdue", "Quá hạn chưa hoàn thành", "#c62828"),
)
OTHERS = "Các đơn vị khác"


class UnitCounts(Protocol):
    """One unit's counts, as `dondoc.data.statistics.UnitStatistics` holds them."""

    unit: str
    done_on_time: int
    done_late: int
    in_time: int
    overdue: int


def _rows(figures: Sequence[UnitCounts], limit: int) -> list[tuple[str, list[int]]]:
    """(label, counts per state) for the first `limit` units; the rest summed in one bar, so nothing is dropped."""
    rows = [(f.unit, [getattr(f, attr) for attr, _, _ in STATES]) for f in figures]
    if len(rows) > limit:
        rest = [sum(counts[i] for _, counts in rows[limit - 1 :]) for i in range(len(STATES))]
        rows = [*rows[: limit - 1], (f"{OTHERS} ({len(rows) - limit + 1})", rest)]
    return rows


def figures_chart(figures: Sequence[UnitCounts], title: str, limit: int = 15) -> Figure:
    """Horizontal stacked bars, one per unit (largest on top), one segment per state.

    Args:
        figures: per-unit counts, most tasks first (as `figures_by_unit` sorts them).
        title: the chart's title ("Tình hình thực hiện nhiệm vụ, tính đến 01/12/2026").
        limit: at most this many bars; the units past it share the last one.
    """
    rows = _rows(figures, limit)[::-1]
    figure = Figure(figsize=(10, 2 + 0.45 * max(len(rows), 1)), dpi=100, layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    labels = [textwrap.shorten(label, 48, placeholder="…") for label, _ in rows]
    left = [0] * len(rows)
    for i, (_, legend, colour) in enumerate(STATES):
        values = [counts[i] for _, counts in rows]
        axes.barh(labels, values, left=left, color=colour, label=legend)
        left = [a + b for a, b in zip(left, values, strict=True)]
    axes.set_xlabel("Số nhiệm vụ")
    axes.set_title(title)
    figure.legend(loc="outside lower center", ncols=2, fontsize="small")
    axes.grid(axis="x", alpha=0.3)
    return figure


def chart_png(figures: Sequence[UnitCounts], title: str, limit: int = 15) -> bytes:
    """`figures_chart` as PNG bytes, ready to send as a photo."""
    buffer = io.BytesIO()
    figures_chart(figures, title, limit).savefig(buffer, format="png")
    return buffer.getvalue()
