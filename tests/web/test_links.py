"""One-time sign-in links: they work once, even across web processes sharing a database; they expire, and cannot
be forged."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.orm import Session, sessionmaker
from starlette.testclient import TestClient

from dondoc.config import Settings
from dondoc.data.db import open_database
from dondoc.data.units import UnitRegistry
from dondoc.web.app import create_app
from dondoc.web.links import LINK_PATH, LinkBook, mint_link
from tests.web.conftest import DAY, SECRET, csrf_of

NOW = datetime(2025, 7, 1, 8, 0, tzinfo=UTC)


def test_a_link_signs_in_once(sessions: sessionmaker[Session]) -> None:
    book = LinkBook(SECRET, sessions, clock=lambda: NOW)
    token = mint_link(SECRET, "admin", now=NOW)
    assert book.redeem(token) == "admin"
    assert book.redeem(token) is None


def test_a_link_expires_after_fifteen_minutes(sessions: sessionmaker[Session]) -> None:
    assert (
        LinkBook(SECRET, sessions, clock=lambda: NOW + timedelta(minutes=16)).redeem(
            mint_link(SECRET, "viewer", now=NOW)
        )
        is None
    )
    token = mint_link(SECRET, "viewer", now=NOW)
    assert LinkBook(SECRET, sessions, clock=lambda: NOW + timedelta(minutes=14)).redeem(token) == "viewer"


def test_a_link_signed_with_another_key_or_altered_is_refused(sessions: sessionmaker[Session]) -> None:
    book = LinkBook(SECRET, sessions, clock=lambda: NOW)
    assert book.redeem(mint_link("another-key", "admin", now=NOW)) is None
    token = mint_link(SECRET, "viewer", now=NOW)
    assert book.redeem(token[:-2] + ("AA" if token[-2:] != "AA" else "BB")) is None


def test_only_known_roles_get_links() -> None:
    with pytest.raises(ValueError):
        mint_link(SECRET, "root")


def test_the_link_page_asks_before_it_signs_in(client: TestClient) -> None:
    """A chat app's link preview (a GET) must not use the link up."""
    token = mint_link(SECRET, "admin")
    page = client.get(LINK_PATH + token)
    assert page.status_code == 200 and "Đăng nhập bằng liên kết" in page.text
    assert client.get("/").status_code == 303
    assert client.post(LINK_PATH + token, data={"csrf": csrf_of(page.text)}).status_code == 303
    assert "Quản trị" in client.get("/").text
    client.cookies.clear()
    again = client.get(LINK_PATH + token)
    used = client.post(LINK_PATH + token, data={"csrf": csrf_of(again.text)})
    assert used.status_code == 401 and "đã được dùng" in used.text


def test_two_web_processes_on_one_database_accept_a_link_once(db_url: str, tmp_path, registry: UnitRegistry) -> None:
    """Each app has its own engine, as two `dondoc web` processes would; the database decides which signs in."""
    env = {"DONDOC_DATA_DIR": str(tmp_path), "DATABASE_URL": db_url, "DONDOC_WEB_SECRET": SECRET}
    settings = Settings.from_env(env)
    first, second = open_database(db_url), open_database(db_url)
    token = mint_link(SECRET, "admin")
    answers = []
    for factory in (first, second):
        with TestClient(create_app(settings, factory, registry, today=lambda: DAY), follow_redirects=False) as client:
            page = client.get(LINK_PATH + token)
            answers.append(client.post(LINK_PATH + token, data={"csrf": csrf_of(page.text)}))
    first.kw["bind"].dispose()
    second.kw["bind"].dispose()
    assert answers[0].status_code == 303 and answers[0].headers["location"] == "/"
    assert answers[1].status_code == 401 and "đã được dùng" in answers[1].text


def test_a_link_used_at_the_same_moment_by_two_processes_signs_in_once(db_url: str) -> None:
    first, second = open_database(db_url), open_database(db_url)
    books = [LinkBook(SECRET, factory, clock=lambda: NOW) for factory in (first, second)] * 4
    token = mint_link(SECRET, "admin", now=NOW)
    start = threading.Barrier(len(books))
    roles: list[str | None] = []

    def redeem(book: LinkBook) -> None:
        start.wait()
        roles.append(book.redeem(token))

    threads = [threading.Thread(target=redeem, args=(book,)) for book in books]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    first.kw["bind"].dispose()
    second.kw["bind"].dispose()
    assert len(roles) == len(books) and roles.count("admin") == 1 and roles.count(None) == len(books) - 1
