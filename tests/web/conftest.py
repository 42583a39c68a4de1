"""Web fixtures: the app over a private copy of the corpus database, and clients signed in as each role."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker
from starlette.testclient import TestClient

from dondoc.config import Settings
from dondoc.data.db import open_database
from dondoc.data.units import UnitRegistry
from dondoc.web.app import create_app
from dondoc.web.auth import SignInLimiter
from tests.builders import copy_database

ADMIN_PASSWORD = "mật-khẩu-quản-trị"
VIEWER_PASSWORD = "chỉ-xem-thôi"
SECRET = "s" * 40
DAY = date(2025, 7, 1)


class Clock:
    """A clock the test moves by hand (the sign-in limiter never waits for real)."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def web_settings(tmp_path: Path, corpus_url: str) -> Settings:
    """Settings over a copy of the ingested corpus, so uploads never touch the shared database."""
    env = {
        "DONDOC_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'dondoc.db'}",
        "DONDOC_WEB_PASSWORD": ADMIN_PASSWORD,
        "DONDOC_WEB_VIEWER_PASSWORD": VIEWER_PASSWORD,
        "DONDOC_WEB_SECRET": SECRET,
    }
    copy_database(corpus_url, env["DATABASE_URL"])
    return Settings.from_env(env)


@pytest.fixture
def web_sessions(web_settings: Settings) -> Iterator[sessionmaker[Session]]:
    factory = open_database(web_settings.database_url)
    yield factory
    factory.kw["bind"].dispose()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def client(web_settings: Settings, web_sessions, registry: UnitRegistry, clock: Clock) -> Iterator[TestClient]:
    """An anonymous browser (no redirects followed, so tests see each answer)."""
    app = create_app(web_settings, web_sessions, registry, today=lambda: DAY, limiter=SignInLimiter(clock=clock))
    with TestClient(app, follow_redirects=False) as test_client:
        yield test_client


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html)[1]


def sign_in(client: TestClient, password: str) -> TestClient:
    token = csrf_of(client.get("/dang-nhap").text)
    answer = client.post("/dang-nhap", data={"csrf": token, "password": password, "next": "/"})
    assert answer.status_code == 303, answer.text
    return client


@pytest.fixture
def admin(client: TestClient) -> TestClient:
    return sign_in(client, ADMIN_PASSWORD)


@pytest.fixture
def viewer(client: TestClient) -> TestClient:
    return sign_in(client, VIEWER_PASSWORD)


@pytest.fixture
def report_cut(tmp_path: Path) -> Callable[[str], Path]:
    """A short real report: the head of Chỉ thị 07/CT-TTg (its first tasks, Bộ Y tế's among them)."""
    from dondoc.ingest.pipeline import bundled_paths

    directive = next(p for p in bundled_paths() if p.name.startswith("003_"))
    head = directive.read_text(encoding="utf-8").splitlines()[:29]

    def write(name: str) -> Path:
        path = tmp_path / "uploads-src" / name
        path.parent.mkdir(exist_ok=True)
        path.write_text("\n".join(head) + "\n", encoding="utf-8")
        return path

    return write
