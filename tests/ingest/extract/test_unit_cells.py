"""Unit cells written as sentences: the units they name, the verbs and notes left out."""

from __future__ import annotations

import pytest

from dondoc.data.units import UnitRegistry
from dondoc.ingest.extract.unit_cells import cell_units


@pytest.mark.parametrize(
    ("cell", "lead", "coordinating"),
    [
        (
            "Sở TT&TT chủ trì hướng dẫn, tổng hợp; Các sở, ban, ngành thực hiện cập nhật hằng quý.",
            ["Sở Thông tin và Truyền thông", "Các sở, ban, ngành"],
            [],
        ),
        ("Sở Y tế; Bảo hiểm xã hội tỉnh theo dõi, báo cáo kết quả", ["Sở Y tế", "Bảo hiểm xã hội tỉnh"], []),
        (
            "Sở Xây dựng chủ trì, phối hợp với Sở Tài chính và Công an tỉnh",
            ["Sở Xây dựng"],
            ["Sở Tài chính", "Công an tỉnh"],
        ),
        ("Phối hợp với Bộ Ngoại giao", [], ["Bộ Ngoại giao"]),
        (
            "Viện Nghiên cứu phát triển Thành phố, Trung tâm Chuyển đổi số",
            ["Viện Nghiên cứu phát triển Thành phố", "Trung tâm Chuyển đổi số"],
            [],
        ),
        (
            "Các sở, ngành, UBND xã, phường Sở Tư pháp",
            ["Các sở, ngành", "Ủy ban nhân dân xã, phường", "Sở Tư pháp"],
            [],
        ),
        ("Các bộ, ngành, địa phương", ["Các bộ, ngành, địa phương"], []),
        ("Bộ Tài chính (nhiệm vụ của Bộ Kế hoạch và Đầu tư chuyển sang)", ["Bộ Tài chính"], []),
        ("Y tế", ["Y tế"], []),
    ],
)
def test_a_unit_cell_names_its_units(
    cell: str, lead: list[str], coordinating: list[str], registry: UnitRegistry
) -> None:
    assert cell_units(cell, registry) == (lead, coordinating)


def test_several_units_of_a_cell_stay_apart_once_stored(registry: UnitRegistry) -> None:
    lead, _ = cell_units("Sở Khoa học và Công nghệ, Trung tâm Chuyển đổi số Thành phố", registry)
    assert registry.resolve_cell("; ".join(lead))[0] == [
        "Sở Khoa học và Công nghệ",
        "Trung tâm Chuyển đổi số Thành phố",
    ]
