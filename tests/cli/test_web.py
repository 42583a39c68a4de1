"""`dondoc web`: serves the pages on the bot's database; `--link` prints a one-time admin link that works once."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from dondoc.cli import main


@pytest.fixture
def served(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, corpus_url: str):
    """Run the verb with uvicorn replaced by a recorder: the test gets the app and where it would listen."""
    import uvicorn

    monkeypatch.setenv("DATABASE_URL", corpus_url)
    monkeypatch.setenv("DONDOC_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("DONDOC_WEB_PASSWORD", raising=False)
    calls: list[dict] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append({"app": app, **kw}))

    def invoke(*args: str):
        result = CliRunner().invoke(main, ["web", "--no-search", *args], catch_exceptions=False)
        return result, calls[-1]

    return invoke


def test_link_prints_a_one_time_admin_link(served) -> None:
    result, call = served("--link", "--port", "8099", "--today", "2025-07-01")
    assert result.exit_code == 0 and call["host"] == "127.0.0.1" and call["port"] == 8099
    link = re.search(r"http://127\.0\.0\.1:8099(/dang-nhap/lien-ket/\S+)", result.output)[1]
    client = TestClient(call["app"], follow_redirects=False)
    page = client.get(link).text
    csrf = re.search(r'name="csrf" value="([^"]+)"', page)[1]
    assert client.post(link, data={"csrf": csrf}).status_code == 303
    assert "Quản trị" in client.get("/").text and "01/07/2025" in client.get("/").text


def test_without_a_password_it_says_how_to_sign_in(served, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DONDOC_WEB_PORT", "8123")
    result, call = served()
    assert call["port"] == 8123
    assert "DONDOC_WEB_PASSWORD is not set" in result.output


def test_links_start_with_the_public_address(served, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DONDOC_WEB_URL", "https://dondoc.example.gov.vn/")
    result, _call = served("--link")
    assert "https://dondoc.example.gov.vn/dang-nhap/lien-ket/" in result.output
