"""The ingested reports (sources): which are stored, their names, and how many rows and tasks each gave."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from dondoc.data.models import Source


def source_ids(session: Session) -> set[int]:
    """The ids of every stored report (compared before and after an ingest, they name the reports it added)."""
    return set(session.scalars(select(Source.id)))
