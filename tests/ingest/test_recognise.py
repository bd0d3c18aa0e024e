"""The first look: a text that is no plan is refused at once, every plan passes."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from theodoi.ingest.errors import IngestError
from theodoi.ingest.pipeline import ingest_file
from theodoi.ingest.recognise import MIN_DISTINCT, genre_words_found, refuse_if_not_a_plan
from theodoi.textnorm import strip_diacritics

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "plans"
PLANS = sorted([*CORPUS.glob("*.txt"), *FIXTURES.glob("*.txt")])


def random_words(size: int, seed: int = 57) -> str:
    rng = random.Random(seed)
    vocabulary = [
        "".join(rng.choice("abcdeghiklmnopqrstuvxy") for _ in range(rng.randint(2, 9)))
        for _ in range(3000)
    ]
    lines, total = [], 0
    while total < size:
        line = " ".join(rng.choice(vocabulary) for _ in range(rng.randint(3, 14)))
        lines.append(line)
        total += len(line) + 1
    return "\n".join(lines)[:size]


@pytest.mark.parametrize("path", PLANS, ids=lambda p: p.name)
def test_every_plan_shows_the_words_of_the_genre(path):
    text = path.read_text(encoding="utf-8")
    assert len(genre_words_found(text)) >= MIN_DISTINCT + 4
    assert len(genre_words_found(strip_diacritics(text).upper())) >= MIN_DISTINCT + 4


def test_wrong_diacritics_of_ocr_do_not_hide_the_words():
    text = "KÉ HOẠCH thục hiẹn nhiém vụ, chú trì: Phòng Kinh tê; phôi hợp: cơ quan"
    assert {"ke hoach", "thuc hien", "nhiem vu", "chu tri", "phoi hop", "co quan"} <= set(
        genre_words_found(text)
    )


def test_random_words_are_refused_at_once_naming_the_file(tmp_path):
    path = tmp_path / "so-lieu-thang-3.txt"
    path.write_text(random_words(5 * 1024 * 1024), encoding="utf-8")
    with pytest.raises(IngestError, match="Không nhận ra kế hoạch: Tệp so-lieu-thang-3.txt"):
        ingest_file(path)


def test_a_text_of_another_kind_is_refused():
    with pytest.raises(IngestError, match="chỉ thấy: báo cáo"):
        refuse_if_not_a_plan("Thực đơn tuần này: cơm, canh, cá kho. Bao cao gửi bếp.")
