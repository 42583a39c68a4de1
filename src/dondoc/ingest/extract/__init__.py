"""The general task extractor: any document in the neutral model -> task rows, driven by what it says."""

from __future__ import annotations

from dataclasses import dataclass, field

from rapidfuzz import fuzz

from dondoc.data.units import UnitRegistry
from dondoc.ingest.extract.columns import TaskColumns, find_columns
from dondoc.ingest.extract.header import DocumentHeader, read_header
from dondoc.ingest.extract.prose import prose_tasks
from dondoc.ingest.extract.table import SkippedRow, table_tasks
from dondoc.ingest.model import ParsedTask
from dondoc.ingest.readers.document import Block, Document
from dondoc.nlp.text import fold

__all__ = ["DocumentHeader", "Extraction", "SkippedRow", "TaskColumns", "extract_tasks", "read_header"]

# A prose item restating an appendix row: same wording give or take the lead-in.
_SAME_AS_TABLE = 90
# A document as written numbers its items in order and starts its tasks with a word that begins a sentence;
# below these shares the text is damaged or mixed up, and a reading of it would invent tasks.
_FEWEST_PAIRS, _LEAST_IN_ORDER = 5, 0.6
_FEWEST_TASKS, _MOST_MID_SENTENCE = 10, 0.1


@dataclass
class Extraction:
    """What the extractor read from one document.

    Attributes:
        header: the document's identity.
        tasks: every task row, tables first then prose, in the order of the file within each.
        skipped: rows that looked like tasks but could not be read, with their place.
        doubts: why the text itself looks damaged (items out of order, tasks starting mid-sentence); a
            reading with doubts is held back until a person confirms it.
    """

    header: DocumentHeader
    tasks: list[ParsedTask] = field(default_factory=list)
    skipped: list[SkippedRow] = field(default_factory=list)
    doubts: list[str] = field(default_factory=list)


def extract_tasks(document: Document, registry: UnitRegistry) -> Extraction:
    """Find the tasks of a document: task tables by their header words, task lists in its prose.

    Args:
        document: any document read by `dondoc.ingest.readers`.
        registry: the unit registry (units in group rows and at the start of sentences).

    Returns:
        The extraction; its task list is empty when the document assigns no task.
    """
    extraction = Extraction(read_header(document.text, registry, document.name))
    text_blocks: list[Block] = []
    heading = ""
    for block in document.blocks:
        if block.kind != "table":
            text_blocks.append(block)
            heading = block.text if len(block.text) < 400 else heading
            continue
        columns = find_columns(block.rows)
        if columns is None:
            continue
        tasks, skipped = table_tasks(block, columns, heading, registry)
        extraction.tasks.extend(tasks)
        extraction.skipped.extend(skipped)
    table_texts = [fold(task.content) for task in extraction.tasks]
    prose = prose_tasks(text_blocks, registry)
    for task in prose.tasks:
        if not any(fuzz.partial_ratio(fold(task.content), text) >= _SAME_AS_TABLE for text in table_texts):
            extraction.tasks.append(task)
    extraction.doubts = _doubts(prose.numbered, prose.tasks)
    return extraction


def _doubts(numbered: tuple[int, int], tasks: list[ParsedTask]) -> list[str]:
    """Evidence that the text is damaged or shuffled, in words a user can act on."""
    doubts = []
    ordered, pairs = numbered
    if pairs >= _FEWEST_PAIRS and ordered < _LEAST_IN_ORDER * pairs:
        doubts.append(
            f"only {ordered} of its {pairs} numbered items follow the one before (a damaged or mixed-up copy)"
        )
    # An item's text may go on from its marker ("a) Bộ Y tế: (1) trình …"); an unnumbered paragraph may not.
    mid_sentence = sum(1 for task in tasks if task.stt is None and task.content[:1].islower())
    if len(tasks) >= _FEWEST_TASKS and mid_sentence > _MOST_MID_SENTENCE * len(tasks):
        doubts.append(f"{mid_sentence} of its {len(tasks)} tasks start in the middle of a sentence (a damaged copy)")
    return doubts
