"""`dondoc reports`: the reports known, by identity, newest first, with the tasks each lists."""

from __future__ import annotations

import json
from collections import defaultdict

from click.testing import CliRunner
from sqlalchemy.orm import Session

from dondoc.cli import main
from dondoc.data.task_view import all_task_views


def test_reports_are_listed_newest_first_with_their_task_counts(corpus_cli, corpus: Session) -> None:
    listed = json.loads(corpus_cli("reports", "--json").output)
    tasks: dict[str, set[int]] = defaultdict(set)
    for view in all_task_views(corpus):
        for document in view.documents:
            tasks[document].add(view.id)
    assert [(r["name"], r["tasks"]) for r in listed] == [
        ("Phụ lục 03: Kết quả triển khai các nhiệm vụ của Đề án 06/CP", len(tasks[listed[0]["document"]])),
        ("Chỉ thị 07/CT-TTg ngày 14/03/2025", len(tasks["003_8e26280b7b37d2bb.txt"])),
        (
            "Phụ lục I: Kết quả triển khai Đề án 06 trên địa bàn Thành phố Hồ Chí Minh năm 2024",
            len(tasks["004_4bbc0c4d086d08e5.txt"]),
        ),
        (
            "Đánh giá các nhóm tiện ích Đề án 06 (nhóm DVC, kinh tế, công dân số, kết nối, chỉ đạo…",
            len(tasks["002_1c37787a67318719.txt"]),
        ),
        ("Báo cáo 230/BC-TCTTKĐA ngày 31/01/2024", len(tasks["001_ac39c7003030bd12.txt"])),
    ]
    assert [r["issued"] for r in listed] == ["2025-04-15", "2025-03-14", "2024-12-15", "2024-06-30", "2024-01-31"]
    assert (listed[1]["kind"], listed[1]["number"]) == ("Chỉ thị", "07/CT-TTg")


def test_the_table_names_each_report_and_its_date(corpus_cli) -> None:
    lines = corpus_cli("reports").output.splitlines()
    assert lines[0].split() == ["name", "issued", "issuer", "tasks"]
    assert lines[2].startswith("Chỉ thị 07/CT-TTg ngày 14/03/2025") and "2025-03-14" in lines[2]
    assert not any(".txt" in line for line in lines)


def test_an_empty_database_says_to_ingest_first(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'empty.db'}")
    monkeypatch.setenv("DONDOC_DATA_DIR", str(tmp_path))
    result = CliRunner().invoke(main, ["reports"])
    assert result.exit_code == 0 and "dondoc ingest" in result.output
    assert json.loads(CliRunner().invoke(main, ["reports", "--json"]).output) == []
