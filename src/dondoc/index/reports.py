"""The reports the index was built from, as a question names them: kind and number, date, province."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dondoc.nlp.documents import report_keys, report_name


@dataclass(frozen=True)
class ReportRef:
    """One ingested report.

    Attributes:
        document: its file name (the sources' key; never shown).
        name: how it is cited ("Thông báo 624/TB-VPCP ngày 16/11/2025").
        keys: the document keys a question may name it by ("tb-624").
        issued: its date, for answering as of a past day.
        scope: the province it speaks for (None: national).
        issuer: who issued it, as its header says.
    """

    document: str
    name: str
    keys: tuple[str, ...] = ()
    issued: date | None = None
    scope: str | None = None
    issuer: str | None = None

    @classmethod
    def of(
        cls,
        document: str,
        title: str | None,
        issued: date | None,
        kind: str | None = None,
        number: str | None = None,
        scope: str | None = None,
        issuer: str | None = None,
    ) -> ReportRef:
        """The reference of a stored report from its columns (`data.models.Source`)."""
        name = report_name(kind, number, issued, title, document)
        return cls(document, name, tuple(report_keys(kind, number, title, document)), issued, scope, issuer)
