"""`dondoc serve` as deployed: Telegram and Zalo in one process, JSON logs without secrets, `dondoc health` green."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from dondoc.cli import main
from tests.channels import fake_telegram, fake_zalo
from tests.channels.fake_telegram import FakeTelegram
from tests.channels.fake_zalo import FakeZalo


async def test_serve_runs_both_channels_and_reports_healthy(corpus_copy: str, tmp_path: Path) -> None:
    with FakeTelegram() as telegram, FakeZalo() as zalo:
        env = {
            **os.environ,
            "DATABASE_URL": corpus_copy,
            "DONDOC_DATA_DIR": str(tmp_path / "data"),
            "DONDOC_EMBEDDER": "hash",  # no model in tests; the index is built all the same
            "DONDOC_LOG_JSON": "1",
            "TELEGRAM_BOT_TOKEN": fake_telegram.TOKEN,
            "TELEGRAM_API_BASE_URL": telegram.base_url,
            "ZALO_BOT_TOKEN": fake_zalo.TOKEN,
            "ZALO_API_BASE_URL": zalo.base_url,
        }
        serve = subprocess.Popen(
            [sys.executable, "-m", "dondoc", "serve", "--today", "2026-11-23"],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            await zalo.until(lambda: zalo.polls, timeout=60)
            await telegram.until(lambda: telegram.called("getUpdates"), timeout=60)
            zalo.message("u42", "/donvi y te")
            telegram.message(42, "/donvi y te")
            [on_zalo] = await zalo.expect(1, "u42")
            [on_telegram] = await telegram.expect(1, 42)
            assert on_zalo.text.startswith("Đơn vị khớp với “y te”")
            assert on_telegram.plain.startswith("Đơn vị khớp với “y te”")
            checks = {key: env[key] for key in ("DATABASE_URL", "DONDOC_DATA_DIR", "DONDOC_EMBEDDER")}

            def healthy() -> bool:
                return CliRunner().invoke(main, ["health"], env=checks).exit_code == 0

            await zalo.until(healthy, timeout=120)  # the heartbeat is written and the index built at start
            beat = json.loads((tmp_path / "data" / "heartbeat.json").read_text())
            assert beat["pid"] == serve.pid and beat["channels"] == ["telegram", "zalo"]
        finally:
            serve.send_signal(signal.SIGTERM)
            _out, err = serve.communicate(timeout=60)
    assert serve.returncode == 0, err[-2000:]
    lines = [json.loads(line) for line in err.splitlines() if line.startswith("{")]
    messages = [line["message"] for line in lines]
    assert any(m.startswith("Zalo bot Bot Đôn Đốc started (polling)") for m in messages), messages
    assert any(m.startswith("Telegram bot @dondoc_test_bot started") for m in messages), messages
    assert fake_zalo.TOKEN not in err and fake_telegram.TOKEN not in err
    stopped = CliRunner().invoke(main, ["health", "--check", "scheduler"], env=checks)
    assert stopped.exit_code == 1 and "is not running" in stopped.output
