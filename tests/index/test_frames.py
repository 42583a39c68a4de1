"""Frames, not topics: what a question asks besides its topic is read as such and answered, on the bundled corpus.

The sentences are new ones, not those of the issue or the vocabulary files.
"""

from __future__ import annotations

from datetime import date

from dondoc.conversation.answer_text import answer_text
from dondoc.index.answer import LISTING, TOPIC

TODAY = date(2026, 11, 23)


def _states(answer) -> set[str]:
    return {r.task.status for r in answer.results}


def test_the_reports_verdict_is_not_the_computed_state(hash_service) -> None:
    judged = hash_service.ask("Những nhiệm vụ nào của Bộ Y tế bị báo cáo là chưa hoàn thành?", TODAY, limit=500)
    unfinished = hash_service.ask("Bộ Y tế còn những việc gì chưa làm xong?", TODAY, limit=500)
    assert judged.reading.verdict and judged.reading.status == "not_done" and not judged.reading.pending
    assert _states(judged) == {"not_done"}
    assert {"in_progress", "unknown"} <= _states(unfinished)  # every unfinished task, whatever the report said
    assert {r.task.id for r in judged.results} < {r.task.id for r in unfinished.results}
    assert "được báo cáo là “chưa hoàn thành” (theo đánh giá của báo cáo)" in answer_text(judged).split("\n")[0]
    assert "mọi việc chưa xong" in answer_text(unfinished).split("\n")[0]


def test_tasks_given_by_name_leave_out_the_group_tasks(hash_service) -> None:
    named = hash_service.ask("Bộ Tư pháp nhận trực tiếp những nhiệm vụ gì?", TODAY, limit=500)
    everything = hash_service.ask("Bộ Tư pháp có những nhiệm vụ gì?", TODAY, limit=500)
    assert named.outcome == LISTING and named.reading.asks("own")
    assert not named.shared and everything.shared
    assert named.total == everything.total - len(everything.shared)
    assert answer_text(named).startswith(f"Bộ Tư pháp được giao đích danh {named.total} nhiệm vụ")


def test_a_former_name_asks_for_the_old_bodys_tasks(hash_service) -> None:
    answer = hash_service.ask(
        "Bộ Lao động - Thương binh và Xã hội trước đây, giờ đã nhập vào Bộ Nội vụ, còn việc nào quá hạn?",
        TODAY,
        limit=100,
    )
    assert answer.reading.units == ("Bộ Lao động - Thương binh và Xã hội",)
    assert answer.reading.renamed == (("Bộ Lao động - Thương binh và Xã hội", "Bộ Nội vụ"),)
    own = [r.task for r in answer.results if r.task.id not in answer.shared]
    assert own and all(
        "Bộ Lao động - Thương binh và Xã hội" in t.lead_units or t.lead_units[0].startswith("Các") for t in own
    )
    assert answer_text(answer).startswith("Bộ Lao động - Thương binh và Xã hội (nay là Bộ Nội vụ) có")


def test_asking_for_plans_searches_the_topic_not_the_word_plan(hash_service) -> None:
    answer = hash_service.ask(
        "Bảo hiểm xã hội Việt Nam có phương án nào cho việc thanh toán trợ cấp qua tài khoản?", TODAY
    )
    assert answer.reading.asks("plan")
    assert "phương án" not in answer.reading.topic and "tài khoản" in answer.reading.topic
    assert answer.outcome == TOPIC and answer.results


def test_how_many_is_a_count_not_a_topic(hash_service) -> None:
    answer = hash_service.ask("Ngân hàng Nhà nước còn bao nhiêu việc trễ hạn?", TODAY)
    assert answer.outcome == LISTING and answer.reading.asks("count") and not answer.reading.topic
    assert answer_text(answer).startswith(
        f"Ngân hàng Nhà nước Việt Nam có {answer.total - len(answer.shared)} nhiệm vụ"
    )


def test_asking_when_a_task_is_due_is_no_due_window(hash_service) -> None:
    answer = hash_service.ask("Chữ ký số miễn phí cho người dân thì bao giờ phải xong?", TODAY)
    assert answer.reading.asks("deadline") and answer.reading.period is None
    assert answer.reading.topic == "Chữ ký số miễn phí người dân"
    assert "chữ ký số" in answer.results[0].task.content.lower()


def test_a_document_not_read_is_never_said_to_give_nothing(hash_service) -> None:
    unknown = answer_text(hash_service.ask("Công văn 4321/VPCP-KSTT giao Bộ Xây dựng việc gì?", TODAY))
    assert unknown.startswith("Chưa có báo cáo Công văn 4321 trong dữ liệu")
    assert "không giao" not in unknown
    cited = answer_text(hash_service.ask("Thông báo 487 giao Bộ Quốc phòng những gì?", TODAY))
    assert "không giao" not in cited and "Thông báo 487" in cited.split("\n")[0]


def test_a_document_read_says_so_when_it_gives_a_unit_nothing(hash_service) -> None:
    answer = hash_service.ask("Chỉ thị 07 giao Đài Tiếng nói Việt Nam những việc gì?", TODAY)
    read = [d for d in answer.documents if d.read]
    assert read and read[0].name == "Chỉ thị 07/CT-TTg ngày 14/03/2025"
    text = answer_text(answer)
    assert not answer.total or text.startswith("Chỉ thị 07/CT-TTg ngày 14/03/2025 giao Đài Tiếng nói Việt Nam")
    assert answer.total or text.startswith("Chỉ thị 07/CT-TTg ngày 14/03/2025 không giao Đài Tiếng nói Việt Nam")


def test_a_report_named_by_its_date_lists_what_it_said(hash_service) -> None:
    answer = hash_service.ask("Báo cáo tháng 1/2024 ghi Bộ Công an chưa hoàn thành những việc gì?", TODAY, limit=100)
    assert answer.reading.reported_in is not None and answer.reading.period is None and answer.reading.verdict
    assert answer.results
    for result in answer.results:  # the January 2024 report (230/BC-TCTTKĐA) said so, whatever later ones say
        said = [s.status for s in result.task.sources if s.report.startswith("Báo cáo 230/BC-TCTTKĐA")]
        assert said == ["not_done"]
    assert "theo các báo cáo tháng 1/2024" in answer_text(answer).split("\n")[0]


def test_a_document_named_by_its_topic_and_day_lists_its_tasks_not_tasks_due_that_day(hash_service) -> None:
    answer = hash_service.ask("Chỉ thị về dữ liệu và VNeID ngày 14/3/2025 giao Bộ Công an những gì?", TODAY, limit=100)
    assert answer.reading.period is None and answer.reading.reported_in is not None
    assert answer.results and all(
        any(report.startswith("Chỉ thị 07/CT-TTg") for report in r.task.reports) for r in answer.results
    )
    assert "theo các báo cáo ngày 14/03/2025" in answer_text(answer).split("\n")[0]


def test_a_partner_the_task_text_names_counts_as_a_coordinator(hash_service) -> None:
    # The bundled reports often give the partner in the text ("Phối hợp với Bộ Công an …"), not in a column.
    answer = hash_service.ask("Bộ Tư pháp làm những việc gì phối hợp với Bộ Công an?", TODAY, limit=100)
    assert answer.reading.coordinating == ("Bộ Công an",)
    in_text = [r.task for r in answer.results if "Bộ Công an" not in r.task.coordinating_units]
    assert in_text and all("phối hợp" in t.content.lower() and "Bộ Công an" in t.content for t in in_text)
    assert all("Bộ Tư pháp" in r.task.lead_units for r in answer.results if r.task.id not in answer.shared)


def test_tasks_without_a_deadline_are_asked_for_as_such(hash_service) -> None:
    answer = hash_service.ask("Bộ Công an có những việc nào không có thời hạn cụ thể?", TODAY, limit=500)
    everything = hash_service.ask("Bộ Công an có những nhiệm vụ gì?", TODAY, limit=500)
    assert answer.listing and answer.results and answer.total < everything.total
    assert all(r.task.deadline.due is None for r in answer.results)
    assert "không có hạn cụ thể" in answer_text(answer).split("\n")[0]
