"""Group tasks belong to each member; a result naming the lagging members keeps them unfinished for those only."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from dondoc.data.groups import groups_covering, lagging_members, unit_group_tasks
from dondoc.data.models import Task
from dondoc.data.units import UnitRegistry

ROADMAP = "Còn 02 bộ, ngành chưa có lộ trình (Bộ Nông nghiệp và Phát triển nông thông, Bộ Y tế)"


def test_membership_follows_the_registry_kind(registry: UnitRegistry) -> None:
    assert set(groups_covering(registry, "Bộ Y tế")) == {"Các bộ, ngành", "Các bộ, ngành, địa phương"}
    assert "UBND các tỉnh, thành phố" in groups_covering(registry, "Thành phố Hồ Chí Minh")
    assert "Các bộ, ngành" not in groups_covering(registry, "Thành phố Hồ Chí Minh")
    assert groups_covering(registry, "Sở Y tế TP Hồ Chí Minh") == []


def test_lagging_members_are_read_from_the_result(registry: UnitRegistry) -> None:
    # The misspelt "nông thông" names no unit; Bộ Y tế is read, the 15 that sent a roadmap are not.
    assert lagging_members(registry, "- Đã có 15 bộ, ngành gửi lộ trình - " + ROADMAP) == ("Bộ Y tế",)
    late = lagging_members(registry, "08 địa phương chưa hoàn thành: Bạc Liêu, Long An, Thừa Thiên Huế.")
    assert late == ("Tỉnh Bạc Liêu", "Tỉnh Long An", "Thành phố Huế")
    # A count of procedures is no list of members.
    assert lagging_members(registry, "Còn 13/28 TTHC chưa hoàn thành tái cấu trúc (Bộ KHĐT giảm 01)") == ()
    assert lagging_members(registry, "Hoàn thành") == ()


def test_sql_side_gives_a_ministry_the_group_tasks(corpus: Session, registry: UnitRegistry) -> None:
    roadmap = corpus.scalars(select(Task.id).where(Task.status_text.contains("chưa có lộ trình"))).one()
    health = unit_group_tasks(corpus, registry, ["Bộ Y tế"])
    # The roadmap result names Bộ Y tế among the lagging: its own task, not one it shares.
    assert roadmap in health.own
    assert roadmap not in health.shared
    assert health.shared, "every ministry has the tasks of “Các bộ, ngành” giao chung"
    # For Bộ Công an that task is shared, and settled: a listing by state leaves it out.
    police = unit_group_tasks(corpus, registry, ["Bộ Công an"])
    assert roadmap in police.shared & police.settled
    assert roadmap not in police.for_state(True).shared
    assert roadmap in police.for_state(False).shared
    # Provinces share "UBND các tỉnh, thành phố" tasks, not those of "Các bộ, ngành".
    city = unit_group_tasks(corpus, registry, ["Thành phố Hồ Chí Minh"])
    assert roadmap not in city.own | city.shared
    department = unit_group_tasks(corpus, registry, ["Sở Y tế TP Hồ Chí Minh"])
    assert not department.own | department.shared


def test_a_province_has_the_group_tasks_of_its_own_report(corpus: Session, registry: UnitRegistry) -> None:
    from dondoc.data.models import Source, TaskReport, TaskUnit, Unit

    city_group_tasks = set(
        corpus.scalars(
            select(TaskReport.task_id)
            .join(Source, Source.id == TaskReport.source_id)
            .join(TaskUnit, TaskUnit.task_id == TaskReport.task_id)
            .join(Unit, Unit.id == TaskUnit.unit_id)
            .where(Source.scope == "Thành phố Hồ Chí Minh", Unit.name == "Các bộ, ngành")
        )
    )
    assert city_group_tasks, "the city's report assigns tasks to the ministries too"
    assert city_group_tasks <= unit_group_tasks(corpus, registry, ["Thành phố Hồ Chí Minh"]).own
    hanoi = unit_group_tasks(corpus, registry, ["Thành phố Hà Nội"])
    assert not city_group_tasks & (hanoi.own | hanoi.shared)
