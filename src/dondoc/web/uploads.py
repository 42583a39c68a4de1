"""Uploads waiting for a decision: a preview token stands for one file of this session, until confirmed or cancelled."""

from __future__ import annotations

import re
from pathlib import Path

from starlette.requests import Request

from dondoc.web import library
from dondoc.web.context import Web

_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def upload_path(web: Web, request: Request, token: str) -> Path:
    """The file a preview token stands for, if this session made it.

    Raises:
        LookupError: the token is unknown, not this session's, or the file is gone.
    """
    if not _TOKEN.match(token) or token not in request.session.get("uploads", []):
        raise LookupError(token)
    files = sorted((web.upload_dir / token).glob("*"))
    if len(files) != 1:
        raise LookupError(token)
    return files[0]


def forget_upload(web: Web, request: Request, token: str) -> None:
    """Drop an upload that was confirmed or cancelled, and its token."""
    library.discard_upload(web.upload_dir / token)
    request.session["uploads"] = [t for t in request.session.get("uploads", []) if t != token]
