"""The unit registry: spellings, lead versus coordinating units, and the 2025 reorganisation."""

import json

import pytest

from dondoc.data.units import PROVINCES_FILE, UnitRegistry, UnknownUnit, provinces_from_package


@pytest.mark.parametrize(
    ("cell", "lead", "coordinating"),
    [
        ("Bộ Công an, Tòa án nhân dân tối cao", ["Bộ Công an", "Tòa án nhân dân tối cao"], []),
        ("Bộ Y tế phối hợp Bộ công an", ["Bộ Y tế"], ["Bộ Công an"]),
        (
            "Bộ Tài chính chủ trì phối hợp với Bộ Công an, BHXH VN",
            ["Bộ Tài chính"],
            ["Bộ Công an", "Bảo hiểm xã hội Việt Nam"],
        ),
        (
            "02 bộ, ngành: Tư pháp, Y tế, Lao động - Thương binh và Xã hội",
            ["Bộ Tư pháp", "Bộ Y tế", "Bộ Lao động - Thương binh và Xã hội"],
            [],
        ),
        (
            "Bộ Khoa học và Công nghệ (Nhiệm vụ của Bộ Thông tin và Truyền thông chuyển sang)",
            ["Bộ Khoa học và Công nghệ"],
            [],
        ),
        ("Bộ Thông tin và Truyền thông (nay là Bộ Khoa học và Công nghệ)", ["Bộ Thông tin và Truyền thông"], []),
        ("Ngân hàng hàng Nhà nước", ["Ngân hàng Nhà nước Việt Nam"], []),
        ("Bộ LĐ-TB&XH", ["Bộ Lao động - Thương binh và Xã hội"], []),
        ("UBND TP Hà Nội, TP Hồ Chí Minh", ["Thành phố Hà Nội", "Thành phố Hồ Chí Minh"], []),
        (
            "Bộ trưởng, Thủ trưởng các cơ quan ngang bộ, cơ quan thuộc Chính phủ, Chủ tịch UBND các tỉnh, "
            "thành phố trực thuộc trung ương",
            ["Các bộ, ngành, địa phương"],
            [],
        ),
        ("UBND 63 địa phương", ["UBND 63 địa phương"], []),
    ],
)
def test_unit_cells_resolve_to_canonical_units(
    registry: UnitRegistry, cell: str, lead: list[str], coordinating: list[str]
) -> None:
    assert registry.resolve_cell(cell) == (lead, coordinating)


def test_a_cell_naming_no_known_unit_keeps_its_own_text(registry: UnitRegistry) -> None:
    assert registry.resolve_cell("Cục Cảnh sát QLHC về TTXH (C06)") == (["Cục Cảnh sát QLHC về TTXH"], [])


@pytest.mark.parametrize(
    ("old", "current"),
    [
        ("Bộ Kế hoạch và Đầu tư", "Bộ Tài chính"),
        ("Bộ Thông tin và Truyền thông", "Bộ Khoa học và Công nghệ"),
        ("Bộ Giao thông vận tải", "Bộ Xây dựng"),
        ("Bộ Tài nguyên và Môi trường", "Bộ Nông nghiệp và Môi trường"),
        ("Bộ Lao động - Thương binh và Xã hội", "Bộ Nội vụ"),
        ("Tỉnh Bình Dương", "Thành phố Hồ Chí Minh"),
        ("Bộ Y tế", "Bộ Y tế"),
    ],
)
def test_2025_reorganisation(registry: UnitRegistry, old: str, current: str) -> None:
    assert registry.current_of(old) == current
    if old != current:
        assert old in registry.former_names(current)


def test_questions_name_units_by_abbreviation_or_without_diacritics(registry: UnitRegistry) -> None:
    assert registry.find_in_question("BCA con viec gi chua xong") == ["Bộ Công an"]
    assert registry.find_in_question("nhiem vu nao cua bo y te con cham") == ["Bộ Y tế"]
    assert registry.find_in_question("tp ho chi minh dang trien khai gi") == ["Thành phố Hồ Chí Minh"]


def test_a_province_is_named_by_its_initials_after_its_level(registry: UnitRegistry) -> None:
    assert registry.find_in_question("tỉnh QT có việc gì về rừng") == ["Tỉnh Quảng Trị"]
    assert registry.find_in_question("UBND tp HP đã xong gì") == ["Thành phố Hải Phòng"]
    assert registry.find_in_question("hợp tác QT về chuyển đổi số") == []  # alone, "QT" is "quốc tế"
    assert registry.find_in_question("tỉnh QN còn chậm gì") == []  # Quảng Ninh or Quảng Ngãi: not guessed


def test_a_citys_department_written_with_the_city_is_the_registrys(registry: UnitRegistry) -> None:
    assert registry.local_name("Sở Tài chính", "Thành phố Hồ Chí Minh") == "Sở Tài chính TP Hồ Chí Minh"
    assert registry.local_name("Sở Tài chính", "Tỉnh Sơn La") == "Sở Tài chính tỉnh Sơn La"


def test_topic_words_in_a_question_are_not_units(registry: UnitRegistry) -> None:
    assert registry.find_in_question("các nhiệm vụ về dữ liệu y tế và tài chính") == []


def test_unknown_unit_offers_the_closest_names(registry: UnitRegistry) -> None:
    with pytest.raises(UnknownUnit) as raised:
        registry.lookup("Bo Y tee")
    assert raised.value.suggestions[0] == "Bộ Y tế"


def test_bundled_provinces_equal_what_vietnamadminunits_says() -> None:
    """provinces.json is a cache of the package's answer; regenerate with `python -m dondoc.data.units`."""
    bundled = json.loads(PROVINCES_FILE.read_text(encoding="utf-8"))["provinces"]
    assert bundled == provinces_from_package()
    assert len(bundled) == 63
