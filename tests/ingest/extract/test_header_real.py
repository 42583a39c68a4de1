"""Real documents read for their identity: the 24 of ../shared/corpus-dev/dev as its README table gives them,
and the bundled five and ../shared/corpus-extra as they have always been stored."""

from __future__ import annotations

from datetime import date

import pytest

from dondoc.data.units import UnitRegistry
from dondoc.ingest.report_reader import bundled_paths, read_layout, read_report
from dondoc.nlp.text import fold
from tests.builders import SHARED

DEV = SHARED / "corpus-dev" / "dev"
EXTRA = SHARED / "corpus-extra"

# id -> (kind, number, issued, issuer as the document writes it), from corpus-dev/README.md; None where the file
# does not say (the README's dates of 4b81… and ea89… are a year only; 88b7… names neither number, date nor city).
DEV_IDENTITIES = {
    "24701a1c97c8c368": ("Thông báo", "634/TB-VPCP", date(2025, 11, 22), "Văn phòng Chính phủ"),
    "d05a2bf1f5a0b8ea": (None, None, date(2025, 11, 6), "Văn phòng UBND TPHCM"),
    "75a0867a09525909": ("Thông báo", "637/TB-VPCP", date(2025, 11, 24), "Văn phòng Chính phủ"),
    "92e06f6c90c0be2f": ("Thông báo", "294/TB-VPCP", date(2025, 6, 9), "Văn phòng Chính phủ"),
    "b3f47f1508761da8": ("Thông báo", "432-TB/VPTW", date(2025, 11, 26), "Văn phòng Ban Chấp hành Trung ương"),
    "a328fbb46798c2b5": ("Công điện", "217/CĐ-TTg", date(2025, 11, 16), "Thủ tướng Chính phủ"),
    "1095764e502a89b8": ("Công điện", "224/CĐ-TTg", date(2025, 11, 20), "Thủ tướng Chính phủ"),
    "c2fb3a9578fcdb7e": ("Công điện", None, None, "Thủ tướng Chính phủ"),
    "a8e9e9675ab618ee": ("Công điện", "96/CĐ-BXD", date(2025, 11, 22), "Bộ Xây dựng"),
    "4b81ec42de35bb7a": ("Chỉ thị", "10/CT-TTg", None, "Thủ tướng Chính phủ"),
    "8281fd7b79557d5a": ("Nghị quyết", "74/NQ-CP", date(2025, 4, 7), "Chính phủ"),
    "001c610b2efdcf0c": ("Quyết định", "2820/QĐ-UBND", date(2025, 11, 19), "Ủy ban nhân dân Thành phố Hồ Chí Minh"),
    "f1e0981425ec38be": ("Quyết định", "2954/QĐ-UBND", date(2025, 11, 20), "Ủy ban nhân dân tỉnh Sơn La"),
    "ad5aff6c13929815": ("Kế hoạch", "144/KH-UBND", date(2025, 11, 24), "Ủy ban nhân dân tỉnh Bắc Ninh"),
    "09daab284f92e2dd": ("Kế hoạch", "141/KH-UBND", date(2025, 11, 20), "Ủy ban nhân dân tỉnh Bắc Ninh"),
    "62f25a030c183151": ("Kế hoạch", "0129/KH-UBND", date(2025, 11, 21), "Ủy ban nhân dân tỉnh Đắk Lắk"),
    "3a2db039af8c2d05": ("Kế hoạch", "157/KH-UBND", date(2025, 11, 18), "Ủy ban nhân dân thành phố Cần Thơ"),
    "4f30202155d56bdd": ("Chỉ thị", "06/CT-UBND", date(2025, 11, 25), "Ủy ban nhân dân tỉnh Quảng Trị"),
    "77bf894e2b13c72c": ("Công văn", "6316/BVHTTDL-VP", date(2025, 11, 21), "Bộ Văn hóa, Thể thao và Du lịch"),
    "2d977d9ad8cd2645": ("Công văn", "11414/VPCP-CN", date(2025, 11, 20), "Văn phòng Chính phủ"),
    "8018a6f353d60a9e": ("Công văn", "11554/VPCP-V.I", date(2025, 11, 25), "Văn phòng Chính phủ"),
    "88b7667d728aef13": (None, None, None, None),
    "5737b10614d3dd83": ("Công văn", "4858/UBND-KTTH", date(2025, 11, 17), "UBND tỉnh Bắc Ninh"),
    "ea89efb375ebf486": ("Báo cáo", "10412/BC-BNV", None, "Bộ Nội vụ"),
}


@pytest.mark.skipif(not DEV.exists(), reason="../shared/corpus-dev is not beside the checkout")
@pytest.mark.parametrize("doc_id", sorted(DEV_IDENTITIES))
def test_each_dev_document_has_the_identity_its_readme_gives(registry: UnitRegistry, doc_id: str) -> None:
    kind, number, issued, issuer = DEV_IDENTITIES[doc_id]
    _, header = read_layout(DEV / f"{doc_id}.txt", registry)
    assert (header.kind, header.number, header.issued) == (kind, number, issued)
    assert (fold(header.issuer) if header.issuer else None) == (fold(issuer) if issuer else None)


@pytest.mark.skipif(not DEV.exists(), reason="../shared/corpus-dev is not beside the checkout")
def test_the_dev_table_covers_every_dev_document() -> None:
    assert {path.stem for path in DEV.glob("*.txt")} == set(DEV_IDENTITIES)


def test_the_bundled_five_keep_their_manifest_identity(registry: UnitRegistry) -> None:
    headers = {path.name[:3]: read_report(path, registry).header for path in bundled_paths()}
    assert {prefix: (h.kind, h.number, h.issued) for prefix, h in headers.items()} == {
        "000": (None, None, date(2025, 4, 15)),
        "001": ("Báo cáo", "230/BC-TCTTKĐA", date(2024, 1, 31)),
        "002": (None, None, date(2024, 6, 30)),
        "003": ("Chỉ thị", "07/CT-TTg", date(2025, 3, 14)),
        "004": ("Phụ lục", None, date(2024, 12, 15)),
    }
    assert headers["003"].title == "Chỉ thị 07/CT-TTg ngày 14/3/2025 của Thủ tướng Chính phủ"
    assert headers["004"].scope == "Thành phố Hồ Chí Minh"
    # A table's first upper-case cell ("A NHÓM DVC", "PHỤ LỤC I") is no letterhead: no issuer.
    assert all(header.issuer is None for header in headers.values())


@pytest.mark.skipif(not EXTRA.exists(), reason="../shared/corpus-extra is not beside the checkout")
def test_corpus_extra_keeps_its_identity(registry: UnitRegistry) -> None:
    headers = {path.name[:3]: read_layout(path, registry)[1] for path in sorted(EXTRA.glob("1*.txt"))}
    assert {prefix: (h.kind, h.number, h.issued, h.issuer, h.scope) for prefix, h in headers.items()} == {
        "101": ("Thông báo", "624/TB-VPCP", date(2025, 11, 16), "VĂN PHÒNG CHÍNH PHỦ", None),
        "102": ("Phụ lục", None, date(2025, 1, 1), None, None),
        "105": ("Kế hoạch", "308/KH-UBND", date(2025, 11, 17), "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI", "Thành phố Hà Nội"),
    }
