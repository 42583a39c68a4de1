"""The application builds every part from the settings: with DONDOC_WEB_PORT, `dondoc serve` serves the web pages."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker
from starlette.testclient import TestClient

from dondoc.application import Application
from dondoc.config import Settings
from dondoc.conversation.messages import IncomingMessage
from dondoc.data.db import open_database
from dondoc.data.units import UnitRegistry


@pytest.fixture
def corpus_factory(corpus_url: str) -> Iterator[sessionmaker[Session]]:
    """The ingested corpus; these tests only read it (a sign-in link writes nothing)."""
    factory = open_database(corpus_url)
    yield factory
    factory.kw["bind"].dispose()


def _application(tmp_path: Path, sessions: sessionmaker[Session], registry: UnitRegistry, **env: str) -> Application:
    return Application(Settings.from_env({"DONDOC_DATA_DIR": str(tmp_path), **env}), sessions, registry)


def test_without_a_web_port_serve_starts_no_web_server(tmp_path, corpus_factory, registry) -> None:
    built = _application(tmp_path, corpus_factory, registry)
    assert built.start_web() is None and not built.web_links


def test_the_web_pages_and_the_web_command_share_one_secret(tmp_path, corpus_factory, registry) -> None:
    """Without DONDOC_WEB_SECRET the process makes one up; /web's link must still open the pages it serves."""
    built = _application(tmp_path, corpus_factory, registry, DONDOC_WEB_PORT="8181", DONDOC_ADMIN_CHATS="-1009")
    msg = IncomingMessage(channel="telegram", chat_id="-1009", user_id="1", text="/web", chat_type="private")
    link = re.search(r"http://127\.0\.0\.1:8181(/dang-nhap/lien-ket/\S+)", built.conversation.handle(msg)[0].text)
    assert link, "the link starts with where serve listens"
    client = TestClient(built.web_app(search=None), follow_redirects=False)
    csrf = re.search(r'name="csrf" value="([^"]+)"', client.get(link[1]).text)[1]
    assert client.post(link[1], data={"csrf": csrf}).status_code == 303
    assert "Quản trị" in client.get("/").text


def test_a_web_url_and_a_shared_secret_enable_links_to_a_separate_server(tmp_path, corpus_factory, registry) -> None:
    env = {"DONDOC_WEB_URL": "https://dondoc.example.gov.vn", "DONDOC_WEB_SECRET": "k" * 40}
    assert _application(tmp_path, corpus_factory, registry, **env).web_links
    assert not _application(tmp_path, corpus_factory, registry, DONDOC_WEB_URL=env["DONDOC_WEB_URL"]).web_links


def test_compose_serves_the_web_pages_from_the_bot_process() -> None:
    import yaml

    compose = yaml.safe_load((Path(__file__).parents[1] / "docker-compose.yml").read_text(encoding="utf-8"))
    dondoc = compose["services"]["dondoc"]
    assert dondoc["environment"]["DONDOC_WEB_HOST"] == "0.0.0.0"
    port = dondoc["environment"]["DONDOC_WEB_PORT"]
    assert f"127.0.0.1:{port}:{port}" in dondoc["ports"] and "web" not in compose["services"]
