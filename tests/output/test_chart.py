"""The /thongke chart: a valid PNG whose stacked bars add up to the figures, with Vietnamese labels drawn."""

from __future__ import annotations

import io
import warnings
from datetime import date

from PIL import Image
from sqlalchemy.orm import Session

from dondoc.data.statistics import CATEGORIES, unit_statistics
from dondoc.data.units import UnitRegistry
from dondoc.output.chart import OTHERS, chart_png, figures_chart

TODAY = date(2026, 12, 1)
TITLE = "Tình hình thực hiện nhiệm vụ, tính đến 01/12/2026"


def _figures(corpus: Session, registry: UnitRegistry):
    return unit_statistics(corpus, registry, TODAY)[1]


def test_the_bars_add_up_to_the_figures(corpus: Session, registry: UnitRegistry) -> None:
    figures = _figures(corpus, registry)
    assert len(figures) > 15  # some units share the last bar
    axes = figures_chart(figures, TITLE, limit=15).axes[0]
    bars = axes.patches
    assert len(bars) == 15 * len(CATEGORIES)
    assert sum(bar.get_width() for bar in bars) == sum(f.total for f in figures)
    by_label: dict[str, float] = {}
    for bar, label in zip(bars, [t.get_text() for t in axes.get_yticklabels()] * len(CATEGORIES), strict=True):
        by_label[label] = by_label.get(label, 0) + bar.get_width()
    top = figures[0]
    assert by_label[top.unit] == top.total
    assert any(label.startswith(OTHERS) for label in by_label)
    overdue = axes.containers[CATEGORIES.index("overdue")]
    assert [bar.get_width() for bar in overdue][-1] == top.overdue  # the largest unit is drawn on top


def test_the_png_is_valid_and_every_vietnamese_letter_has_a_glyph(corpus: Session, registry: UnitRegistry) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns "Glyph … missing from font" for a letter it cannot draw
        png = chart_png(_figures(corpus, registry), TITLE)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    image = Image.open(io.BytesIO(png))
    image.verify()
    assert image.format == "PNG" and image.size[0] == 1000
