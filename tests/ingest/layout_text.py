"""Small plans written inline for the layout and field tests: a text through normalise
and segment, and a registry of a few agencies of an invented commune."""

from __future__ import annotations

from theodoi.ingest.fields.namer import AgencyNamer
from theodoi.ingest.normalize import normalize
from theodoi.ingest.resolve import AgencyRegistry
from theodoi.ingest.segment import Segmented, segment

HEADER = """ỦY BAN NHÂN DÂN
XÃ SƠN KHÊ
Số: 12/KH-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Sơn Khê, ngày 10 tháng 2 năm 2026

KẾ HOẠCH
Phát triển thương mại điện tử trên địa bàn xã năm 2026
"""


def segmented(body: str, header: str = HEADER) -> Segmented:
    return segment(normalize(header + "\n" + body))


def registry() -> AgencyRegistry:
    return AgencyRegistry(
        [
            {"unit": "x", "name": "Phòng Kinh tế"},
            {"unit": "x", "name": "Phòng Văn hóa - Xã hội", "short_name": "Phòng VH-XH"},
            {"unit": "x", "name": "Công an xã"},
            {"unit": "x", "name": "Trạm Y tế xã"},
        ]
    )


def namer(warnings: list[str] | None = None) -> AgencyNamer:
    return AgencyNamer(registry(), [] if warnings is None else warnings)
