"""One-time sign-in links: they work once, expire, and cannot be forged."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from starlette.testclient import TestClient

from dondoc.web.links import LINK_PATH, LinkBook, mint_link
from tests.web.conftest import SECRET, csrf_of

NOW = datetime(2025, 7, 1, 8, 0, tzinfo=UTC)


def test_a_link_signs_in_once() -> None:
    book = LinkBook(SECRET, clock=lambda: NOW)
    token = mint_link(SECRET, "admin", now=NOW)
    assert book.redeem(token) == "admin"
    assert book.redeem(token) is None


def test_a_link_expires_after_fifteen_minutes() -> None:
    token = mint_link(SECRET, "viewer", now=NOW)
    assert LinkBook(SECRET, clock=lambda: NOW + timedelta(minutes=14)).redeem(token) == "viewer"
    assert LinkBook(SECRET, clock=lambda: NOW + timedelta(minutes=16)).redeem(token) is None


def test_a_link_signed_with_another_key_or_altered_is_refused() -> None:
    book = LinkBook(SECRET, clock=lambda: NOW)
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
