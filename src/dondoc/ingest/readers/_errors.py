"""The refusals every reader shares: a password to remove, a damaged file to save again."""

from __future__ import annotations

from pathlib import Path

from dondoc.ingest.model import UnreadableReport

PASSWORD = "remove the password (e.g. print to PDF) and retry"
_APP = {"docx": "Word", "xlsx": "Excel", "xls": "Excel", "ods": "LibreOffice Calc", "pdf": "a PDF reader"}


def damaged(path: Path, kind: str, error: Exception) -> UnreadableReport:
    """The error for a file its library could not parse: what broke, and to save it again from its program."""
    app = _APP.get(kind, "the program that made it")
    detail = str(error) or type(error).__name__
    return UnreadableReport(str(path), f"the file is damaged: {detail}; open it in {app} and save it again")
