"""What every page handler shares: the application's state (`Web`), the templates and `render`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session, sessionmaker
from starlette.requests import Request
from starlette.responses import Response
from starlette.templating import Jinja2Templates

from dondoc.config import Settings
from dondoc.conversation.wording import CATEGORY_WORDS, REPORTED_STATUS
from dondoc.data.units import UnitRegistry
from dondoc.followup.progress import LABELS, UPDATE_STATUSES
from dondoc.index.service import SearchService
from dondoc.nlp.text import shorten, vn_date
from dondoc.web.auth import SignInLimiter, csrf_token, role_of
from dondoc.web.links import LinkBook
from dondoc.web.mapping_form import ROLE_LABELS, RULE_LABELS, SAMPLE_ROWS
from dondoc.web.preview_words import CHANGE_LABELS, MISSING_WORDS, reason_words, skip_words, value_words

HERE = Path(__file__).parent
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# The four official states (`data.statistics.CATEGORIES`) as headings: the bot's words, capitalised.
STATE_LABELS = {key: words.capitalize() for key, words in CATEGORY_WORDS.items()}


@dataclass
class Web:
    """What every request handler reads: settings, database, unit registry, search and the sign-in guards."""

    settings: Settings
    sessions: sessionmaker[Session]
    registry: UnitRegistry
    search: SearchService | None
    links: LinkBook
    limiter: SignInLimiter
    today: Callable[[], date]
    now: Callable[[], datetime]
    upload_dir: Path


def web_of(request: Request) -> Web:
    return request.app.state.web


templates = Jinja2Templates(directory=HERE / "templates")
templates.env.filters["vn_date"] = lambda value: vn_date(value) if value else ""
templates.env.filters["shorten"] = shorten
templates.env.filters["reason_words"] = reason_words
templates.env.filters["skip_words"] = skip_words
templates.env.globals["value_words"] = value_words
templates.env.globals["MISSING_WORDS"] = MISSING_WORDS
templates.env.globals["CHANGE_LABELS"] = CHANGE_LABELS
templates.env.globals["REPORTED_STATUS"] = REPORTED_STATUS
templates.env.globals["STATE_LABELS"] = STATE_LABELS
templates.env.globals["ROLE_LABELS"] = ROLE_LABELS
templates.env.globals["RULE_LABELS"] = RULE_LABELS
templates.env.globals["SAMPLE_ROWS"] = SAMPLE_ROWS
templates.env.globals["UPDATE_STATUSES"] = UPDATE_STATUSES
templates.env.globals["UPDATE_LABELS"] = LABELS
templates.env.globals["FIELD_LABELS"] = {
    "status": "Tình trạng",
    "deadline": "Thời hạn",
    "units": "Đơn vị",
    "note": "Ghi chú",
}


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> Response:
    """A page from `templates/` with what the layout needs (role, CSRF token, current path)."""
    context.update(role=role_of(request), csrf=csrf_token(request), path=request.url.path)
    context.setdefault("flash", request.session.pop("flash", None))
    return templates.TemplateResponse(request, name, context, status_code=status_code)
