"""OCR of scanned pages and pictures with tesseract (-l vie): ruled tables come back as rows, the rest as lines."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageSequence, UnidentifiedImageError

from dondoc.ingest.model import UnreadableReport
from dondoc.ingest.readers._blocks import make_document
from dondoc.ingest.readers._pages import PageItem, PageStitcher, PageTable
from dondoc.ingest.readers._ruling import TableGrid, find_tables
from dondoc.ingest.readers.document import Document
from dondoc.nlp.text import normalize

DPI = 300  # a page is rendered at its scan's own resolution, this one when unknown, within the bounds below
MIN_DPI, MAX_DPI = 150, 400  # below, diacritics blur; above, tesseract slows down and splits words no better
INSTALL = "install OCR: apt-get install tesseract-ocr tesseract-ocr-vie"
_A4_INCHES = 8.27  # a picture without a resolution is taken to be an A4-wide page
_SAME_X_SCAN = 12.0  # points: how far a scanned table's columns may shift from one page to the next
_TIMEOUT = 300
_EDGE = 4  # pixels of a cell's border left out when looking for ink in it
_INK, _MIN_INK = 128, 20  # a cell with fewer dark pixels than this is empty


@dataclass(frozen=True)
class _Word:
    text: str
    x: float
    y: float
    line: tuple[int, int, int]
    top: int


def read_picture(path: Path) -> Document:
    """Read a PNG, JPEG or TIFF picture of a report by OCR, every page of a multi-page TIFF.

    Args:
        path: the picture.

    Returns:
        The document, format "image-ocr", with a warning that it was read by OCR.

    Raises:
        UnreadableReport: the picture cannot be decoded, tesseract is missing, or no text was found.
    """
    try:
        with Image.open(path) as picture:
            frames = [frame.copy() for frame in ImageSequence.Iterator(picture)]
            dpi = picture.info.get("dpi", (0, 0))[0]
    except (UnidentifiedImageError, OSError) as error:
        raise UnreadableReport(str(path), f"the picture is damaged ({error}); take or export it again") from None
    pages = PageStitcher()
    for number, frame in enumerate(frames, start=1):
        pages.add_page(number, page_items(frame, source=str(path), dpi=dpi or None), show_page=len(frames) > 1)
    document = make_document(path.name, "image-ocr", pages.blocks, ["read by OCR: check names and numbers"])
    if not document.blocks:
        raise UnreadableReport(
            str(path), "no text found in the picture; scan the report page itself, upright and sharp"
        )
    return document


def page_items(image: Image.Image, *, source: str, dpi: float | None = None) -> list[PageItem]:
    """One page image as lines and tables, top to bottom: ruled tables cell by cell, the rest line by line.

    The table rules are found in the pixels; tesseract reads the page once (TSV with word boxes; the
    rules stay, since they keep cells apart as text blocks and erasing them glued words together),
    a "|" read on a rule is dropped, and each word goes to the cell whose box holds its centre;
    merged cells repeat their text across and down like every other reader.

    Args:
        image: the page.
        source: the file, for the error message.
        dpi: the image resolution, guessed from an A4 page width when unknown.

    Returns:
        The page's lines and tables (empty when it holds no text); table edges in points.

    Raises:
        UnreadableReport: tesseract or its Vietnamese data is missing.
    """
    gray = np.asarray(image.convert("L"))
    dpi = dpi or image.width / _A4_INCHES
    tables = find_tables(gray, dpi)
    words = [word for word in _tesseract(image, dpi, source) if not any(_on_rule(word, table) for table in tables)]
    items: list[tuple[float, PageItem]] = []
    for table in tables:
        rows = _cells(table, [word for word in words if _inside(word, table.box)], gray, dpi, source)
        edges = [x * 72 / dpi for x in table.columns[:-1]]
        items.append((table.box[1], PageTable(rows, edges, _SAME_X_SCAN)))
    loose: dict[tuple[int, int, int], list[_Word]] = {}
    for word in words:
        if not any(_inside(word, table.box) for table in tables):
            loose.setdefault(word.line, []).append(word)
    items += [(line[0].top, " ".join(word.text for word in line)) for line in loose.values()]
    return [item for _, item in sorted(items, key=lambda pair: pair[0])]


def _tesseract(image: Image.Image, dpi: float, source: str, psm: str = "3") -> list[_Word]:
    """Run tesseract on a page (automatic layout, psm 3) or a cell (one line, psm 7): its words and their boxes."""
    if shutil.which("tesseract") is None:
        raise UnreadableReport(source, f"the page is a scan without text and tesseract is missing; {INSTALL}")
    png = io.BytesIO()
    image.save(png, format="PNG")
    # One OpenMP thread (set by `env` for the child only): on a busy 2-core machine tesseract's threads
    # fight each other, 2.5 s a page instead of 21 s.
    command = ["env", "OMP_THREAD_LIMIT=1", "tesseract", "stdin", "stdout", "-l", "vie", "--dpi", str(int(dpi))]
    command += ["--psm", psm, "tsv"]
    done = subprocess.run(command, input=png.getvalue(), capture_output=True, timeout=_TIMEOUT, check=False)
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no message"]
        raise UnreadableReport(source, f"OCR failed ({detail[0]}); {INSTALL}")
    words = []
    for row in csv.DictReader(io.StringIO(done.stdout.decode("utf-8")), delimiter="\t", quoting=csv.QUOTE_NONE):
        text = normalize(row.get("text") or "")
        if text and row["level"] == "5":
            left, top, width, height = (int(row[key]) for key in ("left", "top", "width", "height"))
            key = (int(row["block_num"]), int(row["par_num"]), int(row["line_num"]))
            words.append(_Word(text, left + width / 2, top + height / 2, key, top))
    return words


def _on_rule(word: _Word, table: TableGrid) -> bool:
    """Whether a word is a table rule tesseract read as a character ("|", "l")."""
    x, y = int(word.x), int(word.y)
    return bool(table.rules[max(y - 2, 0) : y + 3, max(x - 2, 0) : x + 3].any())


def _inside(word: _Word, box: tuple[int, int, int, int]) -> bool:
    return box[0] <= word.x <= box[2] and box[1] <= word.y <= box[3]


def _cells(table: TableGrid, words: list[_Word], gray: np.ndarray, dpi: float, source: str) -> list[list[str]]:
    """The table's rows of cell texts: each cell's words in reading order, a merged cell in every position.

    Page OCR skips a lone short mark such as the "2" of an STT cell; a cell with ink but no word is
    read again on its own as one line.
    """
    grid = [[""] * table.n_cols for _ in range(table.n_rows)]
    for cell in table.cells:
        mine = sorted((word for word in words if _inside(word, cell.box)), key=lambda word: word.y)
        text = " ".join(word.text for word in _reading_order(mine))
        if not text:
            text = _lone_cell(gray, table, cell.box, dpi, source)
        for r in cell.rows:
            for c in cell.cols:
                grid[r][c] = text
    return grid


def _lone_cell(gray: np.ndarray, table: TableGrid, box: tuple[int, int, int, int], dpi: float, source: str) -> str:
    """OCR one cell as a single line, when it holds ink (rules left out) that page OCR found no word in."""
    x0, y0, x1, y1 = box
    inner = (slice(y0 + _EDGE, max(y1 - _EDGE, y0 + _EDGE)), slice(x0 + _EDGE, max(x1 - _EDGE, x0 + _EDGE)))
    ink = (gray[inner] < _INK) & ~table.rules[inner]
    if ink.sum() < _MIN_INK:
        return ""
    crop = Image.fromarray(np.where(table.rules[inner], 255, gray[inner]).astype(np.uint8))
    return " ".join(word.text for word in _tesseract(crop, dpi, source, psm="7"))


def _reading_order(words: list[_Word]) -> list[_Word]:
    """Words sorted top to bottom, grouped into lines by their centres, each line left to right."""
    lines: list[list[_Word]] = []
    for word in words:
        if lines and abs(word.y - lines[-1][-1].y) < max(abs(lines[-1][-1].y - lines[-1][-1].top) * 1.2, 4):
            lines[-1].append(word)
        else:
            lines.append([word])
    return [word for line in lines for word in sorted(line, key=lambda word: word.x)]
