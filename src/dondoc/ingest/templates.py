"""Layout templates: a hand-made mapping saved under a name, keyed by its layout, so the next report reads alone.

A layout is its issuer (the letterhead, `extract.read_header`) and the header words of the tables
(and the first words of the prose blocks) its mapping names. When a report is read, a stored
template whose layout the report has is applied instead of the general extractor
(`report_reader.read_report`); `dondoc ingest --template NAME` forces one.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from dondoc.data.models import LayoutTemplate
from dondoc.ingest.mapping import Mapping, MappingError, check_mapping
from dondoc.ingest.readers.document import Document
from dondoc.nlp.text import fold, normalize

MAX_NAME = 30
HAND_MAPPED = "mapping"
_NAME = re.compile(r"^[\w][\w .()/-]*$")


class UnknownTemplate(Exception):
    """Raised when no template has the name asked for.

    Attributes:
        name: the name asked for.
        known: the names there are.
    """

    def __init__(self, name: str, known: list[str]) -> None:
        super().__init__(f"no template named {name!r}")
        self.name = name
        self.known = known


class InvalidTemplateName(Exception):
    """Raised when a template name is empty, too long (MAX_NAME) or holds other than letters, digits, spaces, .-_/()."""

    def __init__(self, name: str) -> None:
        super().__init__(f"invalid template name {name!r}")
        self.name = name


class TemplateConflict(Exception):
    """Raised when another template already reads the same layout (one template per layout).

    Attributes:
        name: the name being saved.
        other: the template that holds the layout.
    """

    def __init__(self, name: str, other: str) -> None:
        super().__init__(f"the layout of {name!r} is already read by the template {other!r}")
        self.name = name
        self.other = other


def layout_signature(issuer: str | None, mapping: Mapping) -> str:
    """The key of a layout: its issuer and the signatures of the tables and blocks the mapping names."""
    parts = [fold(issuer or "")]
    parts += sorted(table.signature for table in mapping.tables)
    parts += sorted(block.signature for block in mapping.blocks)
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


@dataclass(frozen=True)
class Template:
    """A mapping and the layout it reads.

    Attributes:
        name: the template's name; "" for a mapping made for one upload and not saved.
        issuer: the issuer of the report it was made on (None when its header names none).
        mapping: how to read the layout.
        created_at: when it was saved.
    """

    name: str
    issuer: str | None
    mapping: Mapping
    created_at: datetime | None = None

    @property
    def layout(self) -> str:
        """What the source's layout says it was read with: "template:NAME", or "mapping" for an unsaved one."""
        return f"template:{self.name}" if self.name else HAND_MAPPED

    @property
    def signature(self) -> str:
        return layout_signature(self.issuer, self.mapping)

    def fits(self, document: Document, issuer: str | None) -> bool:
        """Whether `document` (whose letterhead names `issuer`) has this template's layout."""
        if fold(issuer or "") != fold(self.issuer or ""):
            return False
        try:
            check_mapping(document, self.mapping)
        except MappingError:
            return False
        return True

    def record(self) -> dict[str, Any]:
        """The template as plain data for listings: name, issuer, the header words of its tables, its blocks."""
        return {
            "name": self.name,
            "issuer": self.issuer,
            "tables": [table.signature.partition(": ")[2] for table in self.mapping.tables],
            "blocks": len(self.mapping.blocks),
            "created_at": self.created_at.isoformat() if self.created_at else None,
        }


def _template(row: LayoutTemplate) -> Template:
    return Template(row.name, row.issuer, Mapping.from_dict(row.mapping), row.created_at)


def list_templates(session: Session) -> list[Template]:
    """Every stored template, by name."""
    return [_template(row) for row in session.scalars(select(LayoutTemplate).order_by(LayoutTemplate.name))]


def get_template(session: Session, name: str) -> Template:
    """The template called `name`.

    Raises:
        UnknownTemplate: none is; the exception lists those there are.
    """
    row = session.scalar(select(LayoutTemplate).where(LayoutTemplate.name == normalize(name)))
    if row is None:
        raise UnknownTemplate(name, [t.name for t in list_templates(session)])
    return _template(row)


def check_name(name: str) -> str:
    """The name as stored (spaces normalised).

    Raises:
        InvalidTemplateName: empty, too long, or with other characters than letters, digits, spaces, .-_/().
    """
    clean = normalize(name)
    if not clean or len(clean) > MAX_NAME or not _NAME.match(clean):
        raise InvalidTemplateName(name)
    return clean


def save_template(session: Session, template: Template, at: datetime) -> Template:
    """Store a template in the caller's transaction; a template of the same name is replaced.

    Raises:
        InvalidTemplateName: the name cannot be used.
        TemplateConflict: another template already reads this layout.
        MappingError: the mapping maps nothing ("empty").
    """
    name = check_name(template.name)
    if not template.mapping.tables and not any(block.unit for block in template.mapping.blocks):
        raise MappingError("empty")
    signature = template.signature
    other = session.scalar(
        select(LayoutTemplate.name).where(LayoutTemplate.signature == signature, LayoutTemplate.name != name)
    )
    if other is not None:
        raise TemplateConflict(name, other)
    row = session.scalar(select(LayoutTemplate).where(LayoutTemplate.name == name))
    if row is None:
        row = LayoutTemplate(name=name)
        session.add(row)
    row.signature, row.issuer, row.mapping, row.created_at = signature, template.issuer, template.mapping.as_dict(), at
    session.flush()
    return _template(row)


def remove_template(session: Session, name: str) -> None:
    """Delete the template called `name` (reports read with it keep their tasks).

    Raises:
        UnknownTemplate: none is.
    """
    row = session.scalar(select(LayoutTemplate).where(LayoutTemplate.name == normalize(name)))
    if row is None:
        raise UnknownTemplate(name, [t.name for t in list_templates(session)])
    session.delete(row)
    session.flush()


def matching_template(templates: list[Template], document: Document, issuer: str | None) -> Template | None:
    """The stored template whose layout `document` has; of several, the one naming most tables and blocks."""
    fitting = [template for template in templates if template.fits(document, issuer)]
    return max(fitting, key=lambda t: (len(t.mapping.tables), len(t.mapping.blocks)), default=None)
