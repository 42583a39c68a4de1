"""Reading one report file: the bundled layouts' own parsers, a layout template, else the general extractor."""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import ModuleType

from dondoc.data.units import UnitRegistry
from dondoc.ingest.extract import DocumentHeader, Extraction, SkippedRow, extract_tasks, read_header
from dondoc.ingest.layouts import ParsedTask, UnreadableReport, detect_layout
from dondoc.ingest.mapped_reading import apply_mapping
from dondoc.ingest.mapping import MappingError
from dondoc.ingest.readers import Document, read_document
from dondoc.ingest.readers.text import read_text
from dondoc.ingest.templates import Template, matching_template

BUNDLED_SOURCES = Path(__file__).with_name("sources")
_MANIFEST = json.loads((BUNDLED_SOURCES / "manifest.json").read_text(encoding="utf-8"))["documents"]
_TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown", ""}
_SPACES = re.compile(r"[ \t\u00a0]+")
GENERAL_LAYOUT = "general"


@dataclass
class ReportReading:
    """One file as read, before anything is stored.

    Attributes:
        name: the file name.
        layout: the bundled layout whose parser read it, or "general".
        tasks: the task rows.
        skipped: rows that looked like tasks but could not be read.
        header: the document's identity (the manifest's for the bundled five).
        digest: hash of the text after normalisation (NFC, no BOM, one kind of line end,
            collapsed spaces, no blank lines), so a renamed or re-saved copy is the same source.
    """

    name: str
    layout: str
    tasks: list[ParsedTask]
    header: DocumentHeader
    digest: str
    skipped: list[SkippedRow] = field(default_factory=list)
    doubts: list[str] = field(default_factory=list)


def content_digest(text: str) -> str:
    """The hash that identifies a document's content whatever its name, BOM, line ends or spacing."""
    text = unicodedata.normalize("NFC", text.lstrip("\ufeff"))
    lines = (_SPACES.sub(" ", line).strip() for line in text.splitlines())
    return hashlib.sha256("\n".join(line for line in lines if line).encode()).hexdigest()


def bundled_paths() -> list[Path]:
    """The five Đề án 06 documents shipped with the package."""
    return sorted(BUNDLED_SOURCES.glob("*.txt"))


def read_report(
    path: Path, registry: UnitRegistry, templates: Sequence[Template] = (), forced: Template | None = None
) -> ReportReading:
    """Read one file into task rows.

    A text file in one of the bundled layouts goes to that layout's parser; every other file,
    text or not, is read into the document model and goes through the stored template whose
    layout it has, else through the general extractor.

    Args:
        templates: the stored layout templates (`templates.list_templates`).
        forced: read with this template (or an admin's unsaved mapping) whatever the file's layout.

    Raises:
        UnreadableReport: missing, unreadable, without any task row, or not of the forced template's
            layout; the reason says what to do.
    """
    text = _text_of(path)
    if text is not None and forced is None and (module := detect_layout(text.splitlines())) is not None:
        return _bundled(path, text, module, registry)
    document, hashed = _document(path, text)
    if forced is None and templates:
        forced = matching_template(list(templates), document, read_header(document.text, registry, path.name).issuer)
    if forced is not None:
        return _mapped(path, document, hashed, forced, registry)
    return _general(path, hashed, extract_tasks(document, registry))


def read_layout(path: Path, registry: UnitRegistry) -> tuple[Document, DocumentHeader]:
    """A file as the document model and its header, for a person to map what no rule reads.

    Raises:
        UnreadableReport: missing, empty, damaged, protected or of a kind no reader knows.
    """
    document, _hashed = _document(path, _text_of(path))
    return document, read_header(document.text, registry, path.name)


def _document(path: Path, text: str | None) -> tuple[Document, str]:
    """The document model of a file and the text its content hash is taken from."""
    if text is None:
        document = read_document(path)
        return document, document.text
    markdown = path.suffix.lower() in (".md", ".markdown")
    return read_text(path.name, text, "markdown" if markdown else "text"), text


def _bundled(path: Path, text: str, module: ModuleType, registry: UnitRegistry) -> ReportReading:
    try:
        parsed = module.parse(text.splitlines())
    except (ValueError, IndexError) as error:
        raise UnreadableReport(str(path), f"the {module.LAYOUT} layout could not be read: {error}") from None
    if not parsed:
        raise UnreadableReport(str(path), "no task rows found")
    header = _bundled_header(path.name, text, registry)
    return ReportReading(path.name, module.LAYOUT, parsed, header, content_digest(text))


def _mapped(path: Path, document: Document, hashed: str, template: Template, registry: UnitRegistry) -> ReportReading:
    """The file read with a template or an admin's mapping."""
    what = f"the template {template.name!r}" if template.name else "the mapping"
    try:
        tasks = apply_mapping(document, template.mapping)
    except MappingError as error:
        raise UnreadableReport(str(path), f"it does not have the layout {what} reads ({error})") from None
    if not tasks:
        raise UnreadableReport(str(path), f"{what} reads no task row in it")
    header = read_header(document.text, registry, path.name)
    return ReportReading(path.name, template.layout, tasks, header, content_digest(hashed))


def _text_of(path: Path) -> str | None:
    """The file's text when it is a UTF-8 text file, None when another reader must read it."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise UnreadableReport(str(path), "no such file") from None
    except IsADirectoryError:
        raise UnreadableReport(str(path), "a folder, not a file") from None
    if path.suffix.lower() not in _TEXT_SUFFIXES:
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UnreadableReport(str(path), "not a UTF-8 text report") from None


def _general(path: Path, text: str, extraction: Extraction) -> ReportReading:
    if not extraction.tasks:
        raise UnreadableReport(
            str(path),
            "not one of the known report layouts, and no task table (STT, nội dung/nhiệm vụ, đơn vị chủ trì, "
            "thời hạn…) or task list (a unit, then its tasks and deadlines) was found in it",
        )
    return ReportReading(
        path.name,
        GENERAL_LAYOUT,
        extraction.tasks,
        extraction.header,
        content_digest(text),
        extraction.skipped,
        extraction.doubts,
    )


def _bundled_header(name: str, text: str, registry: UnitRegistry) -> DocumentHeader:
    """The manifest's identity for the bundled five; the document's own header for any other file."""
    header = read_header(text, registry, name)
    entry = _MANIFEST.get(name)
    if entry is None:
        return header
    return DocumentHeader(
        kind=header.kind,
        number=header.number,
        issuer=header.issuer,
        issued=date.fromisoformat(entry["issued"]),
        scope=entry.get("scope"),
        title=entry["title"],
    )
