"""Leads from the duties in "TỔ CHỨC THỰC HIỆN": each item of the implementation
section names an agency and what it does; a task without a lead gets the agency whose
duties say the same thing."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from ..fields.namer import AgencyNamer
from ..fields.text import plain_key, restore_display, words_of
from ..model import Task
from ..segment import Section, fold

_ORG_SECTION = re.compile(r"\bto chuc thuc hien\b|\bphan cong\b")


_DUTY_VERB = re.compile(
    r"\s(?:tham muu|chu tri|theo doi|to chuc|xay dung|can cu|dinh ky|phoi hop|trien khai|"
    r"thuc hien|co trach nhiem|chiu trach nhiem|huong dan|tap trung|la co quan|thuong truc|"
    r"tiep tuc|sap xep|bo tri|chu dong)\b"
)


# monitoring and reporting duties say who reports, not who does the work
_NOT_DUTY = re.compile(r"\b(?:bao cao|theo doi|don doc|tong hop|kinh phi|tren day|de nghi)\b")


_GRAM_STOP = frozenset(
    "va cua cac cho tren trong theo voi tai de duoc co nhung mot nay do la cung khi ve".split()
)


# Words every task and every duty of these plans is made of: what to do to something
# (organise, carry out, step up, coordinate, raise, ensure, support …), to whom and how
# (the agencies, the locality, "suited to actual conditions").  They say nothing about
# which work is meant, so they are cut out before words are paired: "tăng cường tuyên
# truyền" and "phối hợp tuyên truyền" share "tuyên truyền", not "tăng cường".
_GENERIC = re.compile(
    r"\b(?:to chuc|tang cuong|trien khai|thuc hien|day manh|phoi hop|nang cao|bao dam|"
    r"dam bao|ho tro|duy tri|thuc day|khuyen khich|chi dao|tham muu|tap trung|phat huy|"
    r"chu dong|tiep tuc|kip thoi|tung buoc|hieu qua|thiet thuc|phu hop|xay dung|phat trien|"
    r"nang cap|ra soat|huong dan|dong bo|quyet liet|van dong|lien quan|co quan|don vi|"
    r"dia ban|quy dinh|thuong xuyen|ke hoach|nhiem vu|giai phap|muc tieu|noi dung|"
    r"dieu kien|gop phan|thuc te|tham gia|su dung|ung dung|hoat dong|cong tac|phuc vu|"
    r"quan ly|cap xa|cap tinh|ubnd|uy ban nhan dan)\b"
)


def _grams(key: str) -> tuple[set[str], set[str]]:
    """Word pairs and single words of a folded text, pairs taken inside a phrase only
    (punctuation and generic words end one) and without function words."""
    pairs: set[str] = set()
    singles: set[str] = set()
    for phrase in re.split(r"[,;.:()“”\"'!?/]|\s-\s", _GENERIC.sub(",", key)):
        words = [w for w in words_of(phrase) if not w.isdigit()]
        pairs.update(
            f"{a} {b}"
            for a, b in zip(words, words[1:], strict=False)
            if a not in _GRAM_STOP and b not in _GRAM_STOP
        )
        singles.update(w for w in words if w not in _GRAM_STOP and len(w) > 1)
    return pairs, singles


# "Giao Phòng Văn hóa - Xã hội chủ trì …", "Đề nghị Công an xã phối hợp …"
_ASSIGN = re.compile(r"^(?:giao(?:\s+cho)?|de nghi|yeu cau|phan cong)\s+(?=\S)")


def org_items(root: Section):
    """The items of the implementation section ("IV. TỔ CHỨC THỰC HIỆN")."""
    for sec in root.children:
        if sec.kind != "roman" or not _ORG_SECTION.search(fold(sec.title)):
            continue
        for item in sec.children:
            if item.kind in ("num", "dotted", "letter"):
                yield item


def _named_opening(text: str, namer: AgencyNamer) -> tuple[str, int] | None:
    """An item opening with an agency's whole name and a verb the duty verbs do not
    list ("Văn phòng HĐND và UBND xã phủ sóng wifi …"): the longest opening words the
    registry knows as one agency."""
    words = text.split()
    longest = namer.registry.longest if namer.registry is not None else 0
    for n in range(min(longest, len(words) - 2, 12), 1, -1):
        head = " ".join(words[:n]).strip(" ,:;-")
        if namer.names_agency(head):
            return namer.name(head), len(" ".join(words[:n]))
    return None


def duty_agency(title: str, namer: AgencyNamer, ocr: bool) -> tuple[str, int] | None:
    """The agency a "TỔ CHỨC THỰC HIỆN" item opens with: "Phòng Kinh tế tham mưu …",
    "Phòng Kinh tế: chủ trì …", "Giao Phòng Văn hóa - Xã hội chủ trì …", "Các trường
    học lập …" (the words before the first duty verb), and where its duties
    start in the folded title."""
    text = title
    if ocr:
        from ..ocr_fix import fix_ocr_line

        text = fix_ocr_line(title)
    m = _DUTY_VERB.search(fold(text)[:90])
    if not m:
        return _named_opening(text, namer)
    head = text[: m.start()].strip(" ,:;-")
    assign = _ASSIGN.match(fold(head))
    if assign:
        head = head[assign.end() :]
    # a head over 9 words only when it is a catalogue name that long ("Đoàn Thanh niên
    # Cộng sản Hồ Chí Minh xã …")
    words = len(head.split())
    if words > 9 and (
        namer.registry is None
        or words > namer.registry.longest
        or namer.registry.resolve(head).kind != "agency"
    ):
        return None
    if not head or not namer.is_agency(head):
        return None
    if ocr and namer.registry is not None and namer.resolve(head).kind != "agency":
        return restore_display(head), m.start()
    return namer.name(head), m.start()


def _duties(root: Section, namer: AgencyNamer, ocr: bool) -> dict[str, list[str]]:
    """Agency → folded duty sentences, from the items of the implementation section
    ("IV. TỔ CHỨC THỰC HIỆN": "2. Phòng Văn hóa - Xã hội chủ trì … các việc sau: - …").
    The agency's own name and an introduction ending in ":" are not duties."""
    out: dict[str, list[str]] = {}
    for item in org_items(root):
        found = duty_agency(item.title, namer, ocr)
        if not found:
            continue
        agency, start = found
        texts = [plain_key(item.text, ocr)[start:]]
        texts += [plain_key(n.text, ocr) for n in item.walk() if n is not item]
        for t in texts:
            for part in re.split(r";\s|\.\s|\s*:\s*(?:$|\s)", t + " "):
                part = part.strip()
                intro = t.find(part + ":") >= 0
                if len(part) > 15 and not intro and not _NOT_DUTY.search(part):
                    out.setdefault(agency, []).append(part)
    return out


@dataclass
class _DutyMatch:
    score: float = 0.0  # summed rarity of what the clause and the duty share
    terms: int = 0  # how many distinct things they share (a run of pairs is one)


class _DutyScorer:
    """How much a task's text shares with each agency's duties.

    What is shared: word pairs (inside a phrase, generic words cut out) and rare single
    words (for pairs broken by OCR or a synonym: "phổ cập / phổ biến kiến thức"), each
    weighted by its rarity among the plan's items (idf).  The plan's subject (its
    title: "… khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số") runs through every
    item and weighs nothing."""

    def __init__(self, duties: dict[str, list[str]], root: Section, ocr: bool, subject: str):
        texts = [plain_key(n.text, ocr) for n in root.walk() if n.kind != "root"]
        self.df: dict[str, int] = {}
        for t in texts:
            pairs, _ = _grams(t)
            for g in pairs | set(words_of(t)):  # single words counted everywhere they occur
                self.df[g] = self.df.get(g, 0) + 1
        self.n_docs = len(texts)
        subj_pairs, subj_words = _grams(plain_key(subject, ocr))
        self.subject_grams = subj_pairs | subj_words
        self.sentences = {a: [(p, _grams(p)) for p in parts] for a, parts in duties.items()}

    def idf(self, g: str) -> float:
        df = self.df.get(g, 0)
        if g in self.subject_grams or df > _DUTY_DF_MAX * self.n_docs:
            return 0.0
        return max(0.0, math.log(self.n_docs / (1 + df)))

    def crossing(self, g: str, key: str, duty: str) -> bool:
        """A word pair astride two words: "nền tảng số" / "hạ tầng số" share "tầng số",
        but the first word of the pair ends a different word on each side."""
        first = g.split()[0]
        before = {m.group(1) for m in re.finditer(rf"([a-z0-9]+) {g}\b", key)}
        prior = {m.group(1) for m in re.finditer(rf"([a-z0-9]+) {g}\b", duty)}
        return bool(before and prior and not before & prior) and all(
            self.df.get(f"{w} {first}", 0) > 1 for w in before | prior
        )

    def compare(self, key: str, duty: str, sp: set[str]) -> _DutyMatch:
        pairs, singles = _grams(key)
        shared = {g for g in pairs & sp if self.idf(g) > 0 and not self.crossing(g, key, duty)}
        m = _DutyMatch(sum(self.idf(g) for g in shared), _runs(key, shared))
        # a rare word beside a shared pair in both texts: a pair broken by OCR or by a
        # synonym ("phổ cập kiến thức" / "phổ biến kiến thức")
        covered = {w for g in shared for w in g.split()}
        for w in (singles & set(words_of(duty))) - covered:
            if self.idf(w) >= _DUTY_RARE and _beside(w, key, shared) and _beside(w, duty, shared):
                m.score += self.idf(w)
                m.terms += 1
        return m

    def matches(self, key: str) -> list[tuple[_DutyMatch, str]]:
        out = []
        for agency, sents in self.sentences.items():
            best = max(
                (self.compare(key, text, sp) for text, (sp, _ss) in sents),
                key=lambda m: m.score,
                default=_DutyMatch(),
            )
            out.append((best, agency))
        out.sort(key=lambda x: -x[0].score)
        return out


def _runs(key: str, shared: set[str]) -> int:
    """Distinct things shared: pairs in a row are one thing ("dịch vụ công trực tuyến"
    counts 2, not 4)."""
    runs: set[str] = set()
    for phrase in re.split(r"[,;.:()“”\"'!?/]|\s-\s", _GENERIC.sub(",", key)):
        words = words_of(phrase)
        run: list[str] = []
        for x, y in [*zip(words, words[1:], strict=False), ("", "")]:
            if f"{x} {y}" in shared:
                run += [x, y] if not run else [y]
            elif run:
                runs.add(" ".join(run))
                run = []
    return sum((len(r.split()) - 1 + 1) // 2 for r in runs)


def _beside(w: str, text: str, shared: set[str]) -> bool:
    words = words_of(text)
    for i, x in enumerate(words):
        window = words[max(0, i - 3) : i + 4]
        if x == w and any(f"{p} {q}" in shared for p, q in zip(window, window[1:], strict=False)):
            return True
    return False


def _decide(found: list[tuple[_DutyMatch, str]], need: float) -> str | None:
    sharing = [(m, a) for m, a in found if m.score > 0]
    if not sharing:
        return None
    if len(sharing) == 1:  # one agency's duties alone share something with the task
        m, agency = sharing[0]
        return agency if m.score >= need else None
    # otherwise one shared thing is not a match: it needs a second one
    held = [(m, a) for m, a in sharing if m.terms >= 2 and m.score >= need]
    if not held:
        return None
    (top, agency), rest = held[0], held[1:]
    if rest and top.score < _DUTY_MARGIN * rest[0][0].score:
        return None
    return agency


def leads_from_duties(
    tasks: list[Task], root: Section, namer: AgencyNamer, ocr: bool, subject: str = ""
) -> int:
    """Give a lead to tasks that have none from the agency whose duties in the
    implementation section say the same thing.  Returns how many tasks got one.

    How it is decided: a task's first clause (before ";") says what it is.  When it
    matches one agency's duty distinctly, that agency leads; when it shares nothing with
    any duty, the whole item is read instead; when it matches only weakly or two agencies
    alike, no lead is given (a wrong lead is worse than none)."""
    duties = _duties(root, namer, ocr)
    if not duties:
        return 0
    scorer = _DutyScorer(duties, root, ocr, subject)
    given = 0
    for t in tasks:
        if t.lead:
            continue
        key = plain_key(t.title, ocr)
        head = key.partition(";")[0]
        found, need = scorer.matches(head), _DUTY_MIN
        if found[0][0].score == 0.0:
            # the first clause is only generic words: the later ones, which say less
            # about what the task is, must share twice as much
            found, need = scorer.matches(key), 2 * _DUTY_MIN
        lead = _decide(found, need)
        if lead:
            t.lead = lead
            given += 1
    return given


# One shared thing of middling rarity (a word pair found in about one item in ten,
# idf ≈ log 10 ≈ 2.3) is the least a match rests on; it decides alone only when no other
# agency's duties share anything with the clause, otherwise it needs a second thing.
_DUTY_MIN = math.log(10)


_DUTY_RARE = math.log(10)  # single words as rare as that count (common ones do not)


_DUTY_MARGIN = 1.5  # the best agency must be clearly ahead of the next


_DUTY_DF_MAX = 0.2  # words in more than this share of the plan's items say nothing
