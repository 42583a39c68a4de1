"""The library calls of the mapping path: a report no rule reads, read as an admin maps it, and its templates.

As `web/library.py` does for the rest of the pages, this is the one place these pages reach into dondoc:
the document model (`ingest.report_reader.read_layout`), the mapping (`ingest.mapping`), the same
rolled-back preview and all-or-nothing ingest as any upload (`ingest.pipeline`), and the templates
(`ingest.templates`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from dondoc.data.db import transaction
from dondoc.data.units import UnitRegistry
from dondoc.index.service import SearchService
from dondoc.ingest.extract import DocumentHeader
from dondoc.ingest.mapping import apply_mapping
from dondoc.ingest.model import ParsedTask
from dondoc.ingest.pipeline import DocumentSummary, IngestHeld, Preview, ingest_paths, preview_ingest
from dondoc.ingest.readers.document import Document
from dondoc.ingest.report_reader import read_layout
from dondoc.ingest.templates import Template, check_name, list_templates, remove_template, save_template


@dataclass
class MappedReading:
    """What a mapping reads in an upload: its task rows as written, and what ingesting them would change."""

    tasks: list[ParsedTask]
    preview: Preview


def layout_of(path: Path, registry: UnitRegistry) -> tuple[Document, DocumentHeader]:
    """The upload as tables and blocks, and its header (the issuer keys a template).

    Raises:
        UnreadableReport: no reader can read the file at all (empty, damaged, protected).
    """
    return read_layout(path, registry)


def preview_mapped(
    sessions: sessionmaker[Session], registry: UnitRegistry, path: Path, template: Template, document: Document
) -> MappedReading:
    """The rows `template`'s mapping reads in the upload, and the preview of ingesting them (rolled back).

    Raises:
        MappingError: the mapping does not fit the document; nothing was read.
        UnreadableReport: the mapping reads no task row.
    """
    tasks = apply_mapping(document, template.mapping)
    return MappedReading(tasks, preview_ingest(sessions, [path], registry, template))


def confirm_mapped(
    sessions: sessionmaker[Session],
    registry: UnitRegistry,
    path: Path,
    template: Template,
    *,
    at: datetime,
    search: SearchService | None = None,
    force: bool = False,
    save_as: str | None = None,
) -> DocumentSummary | Preview:
    """Ingest the upload as `template` reads it and, with `save_as`, keep the mapping as a template: both or neither.

    Returns:
        What was stored; or the preview, with its reasons in `held`, when the ingest is held back and
        `force` is not set (nothing stored, no template saved).

    Raises:
        InvalidTemplateName, TemplateConflict: the template cannot be saved under `save_as`; nothing stored.
        UnreadableReport: the mapping does not fit the file or reads no task row; nothing stored.
    """
    if save_as is not None:
        template = replace(template, name=check_name(save_as))
    try:
        with transaction(sessions) as session:
            [summary] = ingest_paths(session, [path], registry, force=force, template=template)
            if save_as is not None:
                save_template(session, template, at)
    except IngestHeld as held:
        return held.preview
    if search is not None:
        search.refresh()
    return summary


def layout_templates(session: Session) -> list[dict[str, Any]]:
    """The stored templates as listed rows (name, issuer, the header words of their tables, when saved)."""
    return [template.record() for template in list_templates(session)]


def drop_template(sessions: sessionmaker[Session], name: str) -> None:
    """Remove a template.

    Raises:
        UnknownTemplate: there is no template of that name; nothing changed.
    """
    with transaction(sessions) as session:
        remove_template(session, name)
