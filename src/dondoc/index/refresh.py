"""One call for every front end that ingests reports (CLI, chat upload, web upload): store them, then the
running search index follows at once, so the next question already finds the new tasks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable

from sqlalchemy.orm import Session, sessionmaker

from dondoc.data.db import transaction
from dondoc.data.sources import source_ids
from dondoc.data.units import UnitRegistry
from dondoc.ingest.pipeline import DocumentSummary, ingest_paths
from dondoc.ingest.templates import Template


@runtime_checkable
class Refreshable(Protocol):
    """A search index that can follow an ingest at once (`SearchService.refresh`)."""

    def refresh(self) -> None: ...


@dataclass(frozen=True)
class Ingested:
    """What an ingest stored.

    Attributes:
        summaries: per document, what it added, merged, updated or removed.
        new_sources: the reports stored for the first time (a file ingested again adds none).
    """

    summaries: tuple[DocumentSummary, ...]
    new_sources: frozenset[int]


def ingest_and_refresh(
    sessions: sessionmaker[Session],
    paths: list[Path],
    registry: UnitRegistry,
    index: Refreshable | None,
    *,
    force: bool = False,
    progress: Callable[[str], None] | None = None,
    template: Template | None = None,
    within: Callable[[Session], None] | None = None,
) -> Ingested:
    """Ingest `paths` all or nothing (`ingest.pipeline.ingest_paths`, committed), then refresh `index`.

    Args:
        index: the application's search index (`SearchService`; a service not opened yet is opened and
            saved); None when no index runs (it reads the new tasks when it opens).
        force: store a report even when it is held back.
        progress: called with each file name once it is stored.
        template: read every file with this layout template (`ingest.templates`) or an admin's mapping.
        within: also run in the ingest's transaction (saving the template an upload was read with): both or neither.

    Raises:
        UnreadableReport: a file cannot be read; nothing changed.
        IngestHeld: a file contradicts what is known and `force` is not set; nothing changed.
    """
    with transaction(sessions) as session:
        known = source_ids(session)
        summaries = ingest_paths(session, paths, registry, progress, force, template)
        if within is not None:
            within(session)
        new = source_ids(session) - known
    if index is not None:
        index.refresh()
    return Ingested(tuple(summaries), frozenset(new))
