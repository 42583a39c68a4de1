"""Benchmark: ingest the full bundled corpus into a fresh SQLite database (no embeddings), then again.

Run: .venv/bin/python bench/ingest.py
"""

from __future__ import annotations

import platform
import tempfile
import time
from pathlib import Path

from dondoc.data.db import open_database, transaction
from dondoc.data.units import UnitRegistry
from dondoc.ingest.pipeline import bundled_paths, ingest_paths


def main() -> None:
    started = time.perf_counter()
    registry = UnitRegistry.load()
    with tempfile.TemporaryDirectory() as folder:
        sessions = open_database(f"sqlite:///{Path(folder) / 'bench.db'}")
        ready = time.perf_counter()
        with transaction(sessions) as session:
            summaries = ingest_paths(session, bundled_paths(), registry)
        cold = time.perf_counter()
        with transaction(sessions) as session:
            ingest_paths(session, bundled_paths(), registry)
        warm = time.perf_counter()
    print(f"machine: {platform.processor() or platform.machine()}, {platform.python_version()}")
    for s in summaries:
        print(f"{s.document}: {s.total} rows ({s.added} new tasks, {s.merged} merged)")
    print(f"set-up (registry, migrations): {ready - started:.2f} s")
    print(f"cold ingest of the full corpus: {cold - ready:.2f} s")
    print(f"re-ingest (nothing changed): {warm - cold:.2f} s")
    print(f"total: {warm - started:.2f} s (target < 20 s)")


if __name__ == "__main__":
    main()
