"""Agency names as the reader shows them: resolved against the registry when it knows
them, kept as written (and flagged once) when it does not."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from theodoi.textnorm import search_key

from ..resolve import AgencyRegistry, Resolution, clean_agency_text, is_collective, split_agencies

# a head word opens a name, not a phrase: "Báo cáo", "Ban hành", "Hội nghị", "Tổ chức",
# "Trường hợp" begin sentences and titles
AGENCY_HEAD = re.compile(
    r"^(?:Sở|Phòng|Ban|Ủy ban|UBND|Văn phòng|VP|Trung tâm|Công an|Chi nhánh|Bảo hiểm|BHXH|Đài|Báo|"
    r"Trạm|Trường|Ngân hàng|Bộ|Hội|Thường trực|Tỉnh ủy|Thành ủy|Đảng ủy|Mặt trận|Các|Cơ quan|Tổ|"
    r"Đoàn|Tỉnh đoàn|Thành đoàn|Liên đoàn|Liên hiệp|Chi cục|Cục|Tổng cục|Viện|Học viện|"
    r"Bệnh viện|Kho bạc|Hải quan|Công ty|Tổng công ty|Tập đoàn|Viễn thông|Bưu điện|HĐND|"
    r"Huyện ủy)\b(?! cáo| hành| nghị| thảo| thi\b| chợ| chức| hợp\b)"
)

# the same heads as OCR text without diacritics prints them ("Phong Kinh te", "So Y te")
_FOLDED_HEAD = re.compile(
    r"^(?:so|phong|ban|uy ban|ubnd|van phong|trung tam|cong an|chi nhanh|bao hiem|tram|truong|"
    r"ngan hang|hoi|thuong truc|tinh uy|thanh uy|dang uy|mat tran|cac|co quan|doan|"
    r"lien doan|lien hiep|chi cuc|tong cuc|hoc vien|benh vien|kho bac|hai quan|cong ty|"
    r"tong cong ty|tap doan|vien thong|buu dien|hdnd|hop tac xa)\b"
    r"(?! cao| hanh| nghi| thao| thi\b| chuc| hop\b)"
)


def opens_agency(text: str) -> bool:
    """Whether a cell line starts with an agency's head word, with or without its
    diacritics (a capital letter first: "phòng" inside a sentence is no cell)."""
    t = text.strip()
    if AGENCY_HEAD.match(t):
        return True
    return t[:1].isupper() and bool(_FOLDED_HEAD.match(search_key(t)))


@dataclass
class HeldWarnings:
    warnings: list[str] = field(default_factory=list)
    warned: set[str] = field(default_factory=set)


class AgencyNamer:
    """Resolves agency cells against the registry and records warnings once per name."""

    def __init__(self, registry: AgencyRegistry | None, warnings: list[str]):
        self.registry = registry
        self.warnings = warnings
        self._warned: set[str] = set()

    @contextlib.contextmanager
    def held_warnings(self) -> Iterator[HeldWarnings]:
        """Warnings made inside are held apart (a reading that may be set aside); the
        namer's own are left as they were.  :meth:`keep` adds them afterwards."""
        saved, warned = self.warnings, set(self._warned)
        held = HeldWarnings()
        self.warnings = held.warnings
        try:
            yield held
        finally:
            held.warned = self._warned - warned
            self.warnings, self._warned = saved, warned

    def keep(self, held: HeldWarnings) -> None:
        self.warnings.extend(held.warnings)
        self._warned |= held.warned

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

    def names_agency(self, text: str) -> bool:
        """Whether ``text`` is, whole, the name of an agency the registry knows."""
        t = clean_agency_text(text)
        if not t or self.registry is None:
            return False
        res = self.registry.resolve(t)
        return res.kind == "agency" and res.score >= 95

    def is_agency(self, text: str) -> bool:
        t = clean_agency_text(text)
        if not t or re.match(r"[≥≤<>=]*\s*\d", text.strip()):
            return False  # a figure ("≥ 95 đối với … các cơ quan quản lý") is a value
        if self.registry is not None and self.registry.resolve(t).kind == "agency":
            return True
        return bool(AGENCY_HEAD.match(t)) or is_collective(t)
