"""Is this text a plan at all? A cheap first look before the reader's stages run.

Every Vietnamese administrative plan, programme or resolution that assigns work uses the words
of the genre many times: the document kind ("kế hoạch", "chương trình", "nghị quyết", "quyết
định"), its work ("nhiệm vụ", "giải pháp", "chỉ tiêu", "triển khai", "thực hiện") and its
assignments ("chủ trì", "phối hợp", "cơ quan", "đơn vị", "UBND"). A text where almost none of
them occurs (a file of random words, a spreadsheet exported as text, another language) is not
a plan, and is refused at once instead of being read for minutes into a plan with no task.

Words are compared on a folded key (no diacritics, lower case), so the rule holds for clean
text and for OCR text with missing or wrong diacritics.
"""

from __future__ import annotations

import re

from theodoi.textnorm import search_key

from .errors import IngestError

__all__ = ["GENRE_WORDS", "genre_words_found", "refuse_if_not_a_plan"]

GENRE_WORDS = {  # folded key: the word as printed
    "ke hoach": "kế hoạch",
    "chuong trinh": "chương trình",
    "nghi quyet": "nghị quyết",
    "quyet dinh": "quyết định",
    "nhiem vu": "nhiệm vụ",
    "giai phap": "giải pháp",
    "chi tieu": "chỉ tiêu",
    "trien khai": "triển khai",
    "thuc hien": "thực hiện",
    "chu tri": "chủ trì",
    "phoi hop": "phối hợp",
    "co quan": "cơ quan",
    "don vi": "đơn vị",
    "uy ban": "ủy ban",
    "ubnd": "UBND",
    "bao cao": "báo cáo",
}
# Distinct genre words a plan shows at the least; the shortest real plans show most of them.
MIN_DISTINCT = 4
# The beginning and a sample of the rest are enough to tell, whatever the file's size.
_HEAD, _SAMPLES, _SAMPLE = 40_000, 8, 5_000


def _sample(text: str) -> str:
    if len(text) <= _HEAD + _SAMPLES * _SAMPLE:
        return text
    step = (len(text) - _HEAD) // _SAMPLES
    parts = [text[:_HEAD]]
    parts += [text[_HEAD + i * step : _HEAD + i * step + _SAMPLE] for i in range(_SAMPLES)]
    return "\n".join(parts)


def genre_words_found(text: str) -> list[str]:
    """The genre words that occur in ``text`` (in its folded key), in GENRE_WORDS order."""
    key = " " + re.sub(r"[^a-z ]+", " ", search_key(_sample(text))) + " "
    key = re.sub(r" +", " ", key)
    return [word for word in GENRE_WORDS if f" {word} " in key]


def refuse_if_not_a_plan(text: str, source_name: str | None = None) -> None:
    """Raise IngestError (Vietnamese, naming the file) when ``text`` shows too few of the
    genre's words to be a plan."""
    found = genre_words_found(text)
    if len(found) >= MIN_DISTINCT:
        return
    where = f"Tệp {source_name}" if source_name else "Văn bản"
    seen = f" (chỉ thấy: {', '.join(GENRE_WORDS[w] for w in found)})" if found else ""
    raise IngestError(
        f"Không nhận ra kế hoạch: {where} không có nội dung của một kế hoạch, chương trình hay "
        f"nghị quyết (nhiệm vụ, chỉ tiêu, chủ trì, phối hợp…){seen}. Hãy kiểm tra "
        "đúng tệp văn bản kế hoạch rồi tải lên lại."
    )
