"""/web: an admin chat gets a one-time sign-in link that opens the web pages; anyone else a polite refusal."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from sqlalchemy.orm import Session, sessionmaker
from starlette.testclient import TestClient

from dondoc.config import Settings
from dondoc.conversation.access import Access
from dondoc.conversation.messages import IncomingMessage
from dondoc.data.db import open_database
from dondoc.data.units import UnitRegistry
from dondoc.web.app import create_app
from dondoc.web.links import link_url
from tests.builders import make_core

SECRET = "w" * 40
ADMIN_CHAT, OTHER_CHAT = "-100900", "-100901"


@pytest.fixture
def corpus_factory(corpus_url: str) -> Iterator[sessionmaker[Session]]:
    """The ingested corpus; these tests only read it (a sign-in link writes nothing)."""
    factory = open_database(corpus_url)
    yield factory
    factory.kw["bind"].dispose()


def _say(core, chat_id: str, text: str = "/web") -> str:
    msg = IncomingMessage(channel="telegram", chat_id=chat_id, user_id="7", text=text, chat_type="group")
    return core.handle(msg)[0].text


def _core(corpus_factory: sessionmaker[Session], registry: UnitRegistry, base: str | None):
    minted = (lambda: link_url(base, SECRET)) if base else None
    return make_core(corpus_factory, registry, access=Access(admins=frozenset({ADMIN_CHAT})), web_link=minted)


def test_an_admin_chat_gets_a_link_that_signs_in_once(corpus_factory, registry, tmp_path) -> None:
    text = _say(_core(corpus_factory, registry, "https://dondoc.example.gov.vn"), ADMIN_CHAT)
    link = re.search(r"https://dondoc\.example\.gov\.vn(/dang-nhap/lien-ket/\S+)", text)
    assert link and "dùng một lần" in text and "15 phút" in text
    settings = Settings.from_env({"DONDOC_DATA_DIR": str(tmp_path), "DONDOC_WEB_SECRET": SECRET})
    client = TestClient(create_app(settings, corpus_factory, registry), follow_redirects=False)
    csrf = re.search(r'name="csrf" value="([^"]+)"', client.get(link[1]).text)[1]
    assert client.post(link[1], data={"csrf": csrf}).status_code == 303
    assert "Quản trị" in client.get("/").text
    client.cookies.clear()
    csrf = re.search(r'name="csrf" value="([^"]+)"', client.get("/dang-nhap").text)[1]
    assert client.post(link[1], data={"csrf": csrf}).status_code != 303, "a link works once"


def test_other_chats_are_refused_without_a_link(corpus_factory, registry) -> None:
    text = _say(_core(corpus_factory, registry, "https://dondoc.example.gov.vn"), OTHER_CHAT)
    assert "chỉ dùng được trong nhóm chat quản trị" in text and "lien-ket" not in text


def test_without_web_pages_the_admin_is_told_how_to_turn_them_on(corpus_factory, registry) -> None:
    text = _say(_core(corpus_factory, registry, None), ADMIN_CHAT)
    assert "chưa được bật" in text and "DONDOC_WEB_PORT" in text


def test_help_lists_the_command(corpus_factory, registry) -> None:
    assert "/web — liên kết đăng nhập trang web" in _say(_core(corpus_factory, registry, None), OTHER_CHAT, "/help")
