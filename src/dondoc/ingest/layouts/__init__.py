"""Document parsers, one module per report layout, and the choice of parser for a file."""

from __future__ import annotations

from types import ModuleType

from dondoc.ingest.layouts import directive, hcmc_table, monthly_report, national_table, service_groups
from dondoc.ingest.model import ParsedTask, UnreadableReport

LAYOUTS: dict[str, ModuleType] = {
    module.LAYOUT: module for module in (national_table, monthly_report, service_groups, directive, hcmc_table)
}

__all__ = ["LAYOUTS", "ParsedTask", "UnreadableReport", "detect_layout"]


def detect_layout(lines: list[str]) -> ModuleType | None:
    """The parser module whose layout the file has, or None when no layout fits."""
    return next((module for module in LAYOUTS.values() if module.matches(lines)), None)
