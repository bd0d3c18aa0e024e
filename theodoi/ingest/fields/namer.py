"""Agency names as the reader shows them: resolved against the registry when it knows
them, kept as written (and flagged once) when it does not."""

from __future__ import annotations

import re

from theodoi.textnorm import search_key

from ..resolve import AgencyRegistry, Resolution, clean_agency_text, is_collective, split_agencies

AGENCY_HEAD = re.compile(
    r"^(?:Sở|Phòng|Ban|Ủy ban|UBND|Văn phòng|VP|Trung tâm|Công an|Chi nhánh|Bảo hiểm|BHXH|Đài|Báo|"
    r"Trạm|Trường|Ngân hàng|Bộ|Hội|Thường trực|Tỉnh ủy|Thành ủy|Đảng ủy|Mặt trận|Các|Cơ quan|Tổ|"
    r"Đoàn|Tỉnh đoàn|Thành đoàn|Liên đoàn|Liên hiệp)\b(?! cáo)"
)


class AgencyNamer:
    """Resolves agency cells against the registry and records warnings once per name."""

    def __init__(self, registry: AgencyRegistry | None, warnings: list[str]):
        self.registry = registry
        self.warnings = warnings
        self._warned: set[str] = set()

    def resolve(self, raw: str) -> Resolution:
        text = clean_agency_text(raw)
        if self.registry is None:
            kind = "collective" if is_collective(text) else "unknown"
            return Resolution(None, text, 0.0, kind)
        res = self.registry.resolve(text)
        if res.kind == "unknown" and text and search_key(text) not in self._warned:
            self._warned.add(search_key(text))
            self.warnings.append(f"Không nhận ra cơ quan: “{text}” (giữ nguyên như trong văn bản)")
        return res

    def name(self, raw: str | None) -> str | None:
        if not raw or not clean_agency_text(raw):
            return None
        return self.resolve(raw).display

    def lead_and_coordinators(
        self, lead_cell: str | None, coord_cell: str | None
    ) -> tuple[str | None, list[str]]:
        leads = split_agencies(lead_cell)
        coords = split_agencies(coord_cell)
        lead = self.name(leads[0]) if leads else None
        names = [self.name(x) for x in leads[1:] + coords]
        return lead, [n for n in names if n]

    def is_agency(self, text: str) -> bool:
        t = clean_agency_text(text)
        if not t or re.match(r"[≥≤<>=]*\s*\d", text.strip()):
            return False  # a figure ("≥ 95 đối với … các cơ quan quản lý") is a value
        if self.registry is not None and self.registry.resolve(t).kind == "agency":
            return True
        return bool(AGENCY_HEAD.match(t)) or is_collective(t)
