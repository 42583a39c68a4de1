"""The deployment files agree with the code: the lock, the Dockerfile, compose, .env.example and the README."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).parents[1]


def _name(requirement: str) -> str:
    return re.split(r"[\[<>=!~; ]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def _settings_variables() -> set[str]:
    source = (ROOT / "src" / "dondoc" / "config.py").read_text(encoding="utf-8")
    return set(re.findall(r'env\.get\("([A-Z_]+)"', source)) - {"XDG_DATA_HOME"}


def test_the_lock_pins_every_dependency_with_hashes_and_no_torch() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    lock = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    pinned = {line.split("==")[0].lower() for line in lock.splitlines() if re.match(r"^[a-z0-9]", line)}
    assert {_name(r) for r in project["dependencies"]} <= pinned, "regenerate requirements.lock (its header says how)"
    assert all(re.match(r"^[a-z0-9][a-z0-9._-]*==", line) for line in lock.splitlines() if re.match(r"^[a-z0-9]", line))
    assert lock.count("--hash=sha256:") >= len(pinned)
    assert not {"torch", "triton"} & pinned and not any(name.startswith("nvidia") for name in pinned)
    assert "uv pip compile pyproject.toml -o requirements.lock --python-version 3.11" in lock


def test_the_image_is_slim_non_root_locked_and_checks_its_health() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert re.search(r"^FROM python:3\.11-slim", dockerfile, re.MULTILINE)
    assert "pip install --require-hashes -r requirements.lock" in dockerfile
    assert "pip install --no-deps ." in dockerfile
    users = re.findall(r"^USER (\S+)", dockerfile, re.MULTILINE)
    assert users and users[-1].split(":")[0] not in ("root", "0")
    assert re.search(r'^HEALTHCHECK .*CMD \["dondoc", "health"\]', dockerfile, re.MULTILINE)
    assert 'VOLUME ["/data"]' in dockerfile and "DONDOC_DATA_DIR=/data" in dockerfile
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    assert ".venv" in ignored and ".git" in ignored and ".env" in ignored


def test_compose_runs_dondoc_on_postgresql_with_a_data_volume() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    services = compose["services"]
    assert services["db"]["image"].startswith("postgres:")
    dondoc = services["dondoc"]
    assert dondoc["environment"]["DATABASE_URL"].startswith("postgresql+psycopg://")
    assert dondoc["depends_on"]["db"]["condition"] == "service_healthy"
    assert "data:/data" in dondoc["volumes"] and {"db", "data"} <= set(compose["volumes"])


def test_every_setting_is_in_env_example_and_the_readme_table() -> None:
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Configuration", 1)[1]
    for variable in sorted(_settings_variables()):
        assert re.search(rf"^#?{variable}=", example, re.MULTILINE), f"{variable} missing from .env.example"
        assert f"`{variable}`" in table, f"{variable} missing from the README's configuration table"
    assert not re.search(r"^[A-Z_]+=\S", example, re.MULTILINE), ".env.example must hold no values, only defaults"


def test_the_readme_documents_both_channels_and_operations_the_four_tasks() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    channels = readme.split("## Channels: Telegram and Zalo", 1)[1].split("\n## ", 1)[0]
    assert "TELEGRAM_BOT_TOKEN" in channels and "ZALO_BOT_TOKEN" in channels and "2,000" in channels
    operations = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## (.+)$", operations, re.MULTILINE)
    assert headings == ["Deploy", "Add a new report: `dondoc ingest FILE`", "Back up", "Rotate a bot token"]
