"""The mapping path's own library calls: an upload as tables and blocks, what a mapping reads in it, the templates.

The preview and the ingest with a mapping are the upload's (`library.preview_upload`,
`library.confirm_upload` with a template), so the search and the pipeline stay reached from one module.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from dondoc.data.db import transaction
from dondoc.data.units import UnitRegistry
from dondoc.ingest.extract import DocumentHeader
from dondoc.ingest.mapped_reading import apply_mapping
from dondoc.ingest.mapping import Mapping
from dondoc.ingest.model import ParsedTask
from dondoc.ingest.readers.document import Document
from dondoc.ingest.report_reader import read_layout
from dondoc.ingest.templates import list_templates, remove_template


def layout_of(path: Path, registry: UnitRegistry) -> tuple[Document, DocumentHeader]:
    """The upload as tables and blocks, and its header (the issuer keys a template).

    Raises:
        UnreadableReport: no reader can read the file at all (empty, damaged, protected).
    """
    return read_layout(path, registry)


def mapped_tasks(document: Document, mapping: Mapping) -> list[ParsedTask]:
    """The task rows `mapping` reads in the upload's document, as written.

    Raises:
        MappingError: the mapping does not fit the document (what and where).
    """
    return apply_mapping(document, mapping)


def layout_templates(session: Session) -> list[dict[str, Any]]:
    """The stored templates as listed rows (name, issuer, the header words of their tables, when saved)."""
    return [template.record() for template in list_templates(session)]


def drop_template(sessions: sessionmaker[Session], name: str) -> None:
    """Remove a template; the reports read with it keep their tasks.

    Raises:
        UnknownTemplate: there is no template of that name; nothing changed.
    """
    with transaction(sessions) as session:
        remove_template(session, name)
