"""Whatever bytes arrive, ``ingest_file`` returns a plan or raises a clear IngestError —
never another exception, never a hang (hypothesis deadlines; the file runs in seconds)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from fixtures.docgen import TABLE, make_docx, make_text_pdf
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from theodoi.ingest import IngestError, ingest_file
from theodoi.ingest.load import MAX_TEXT_BYTES, load_text
from theodoi.ingest.model import ExtractedPlan

FAST = settings(
    max_examples=50,
    deadline=30000,  # ms per example: generous under CI load, still catches a hang
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)


def _outcome(path: Path) -> str:
    """'ok' or 'error'; any other exception fails the test."""
    try:
        plan = ingest_file(path, registry=None)
    except IngestError as exc:
        msg = str(exc)
        assert msg and msg[0].isupper() and "Traceback" not in msg
        return "error"
    assert isinstance(plan, ExtractedPlan)
    return "ok"


@pytest.fixture(scope="module")
def valid_docx(tmp_path_factory) -> bytes:
    return make_docx(tmp_path_factory.mktemp("d") / "a.docx").read_bytes()


@pytest.fixture(scope="module")
def valid_pdf(tmp_path_factory) -> bytes:
    path = make_text_pdf(
        tmp_path_factory.mktemp("p") / "a.pdf",
        ["KẾ HOẠCH", "I. MỤC ĐÍCH", "1. Mục đích chung của kế hoạch chuyển đổi số."],
        TABLE,
    )
    return path.read_bytes()


@pytest.mark.parametrize("suffix", [".txt", ".docx", ".pdf", ".png", ""])
@FAST
@given(data=st.binary(min_size=0, max_size=4096))
def test_random_bytes(tmp_path, suffix, data):
    p = tmp_path / f"x{suffix}"
    p.write_bytes(data)
    _outcome(p)


@pytest.mark.parametrize("suffix", [".docx", ".pdf"])
@FAST
@given(
    head=st.sampled_from([b"PK\x03\x04", b"%PDF-1.4\n", b"%PDF-1.7\n1 0 obj\n<<"]),
    tail=st.binary(max_size=2048),
)
def test_random_bytes_behind_a_real_magic(tmp_path, suffix, head, tail):
    p = tmp_path / f"x{suffix}"
    p.write_bytes(head + tail)
    _outcome(p)


@pytest.mark.parametrize("name", ["e.txt", "e.docx", "e.pdf", "e.png"])
def test_empty_file(tmp_path, name):
    p = tmp_path / name
    p.write_bytes(b"")
    with pytest.raises(IngestError, match="rỗng"):
        load_text(p)


@FAST
@given(cut=st.floats(min_value=0.0, max_value=0.999))
def test_truncated_docx(tmp_path, valid_docx, cut):
    p = tmp_path / "cut.docx"
    p.write_bytes(valid_docx[: int(len(valid_docx) * cut)])
    assert _outcome(p) == "error"


@FAST
@given(data=st.data())
def test_docx_with_corrupted_member(tmp_path, valid_docx, data):
    """A zip whose document.xml bytes were damaged (still a valid zip)."""
    src = zipfile.ZipFile(io.BytesIO(valid_docx))
    xml = bytearray(src.read("word/document.xml"))
    for _ in range(data.draw(st.integers(1, 5))):
        i = data.draw(st.integers(0, len(xml) - 1))
        xml[i] = data.draw(st.integers(0, 255))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for item in src.infolist():
            z.writestr(item, bytes(xml) if item.filename == "word/document.xml" else src.read(item))
    p = tmp_path / "bad.docx"
    p.write_bytes(buf.getvalue())
    _outcome(p)


@FAST
@given(data=st.data())
def test_malformed_pdf(tmp_path, valid_pdf, data):
    """Truncated, or with a few bytes overwritten."""
    raw = bytearray(valid_pdf)
    if data.draw(st.booleans()):
        raw = raw[: data.draw(st.integers(0, len(raw) - 1))]
    else:
        for _ in range(data.draw(st.integers(1, 20))):
            i = data.draw(st.integers(0, len(raw) - 1))
            raw[i] = data.draw(st.integers(0, 255))
    p = tmp_path / "bad.pdf"
    p.write_bytes(bytes(raw))
    _outcome(p)


def test_encrypted_pdf(tmp_path, valid_pdf):
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(valid_pdf)))
    writer.encrypt(user_password="bi-mat", algorithm="RC4-128")
    p = tmp_path / "khoa.pdf"
    with open(p, "wb") as f:
        writer.write(f)
    with pytest.raises(IngestError, match="Tệp PDF được đặt mật khẩu"):
        ingest_file(p, registry=None)


def test_huge_text_file_is_refused(tmp_path):
    """50 MB of text: over the documented limit (MAX_TEXT_BYTES, 20 MB) → "Tệp quá lớn"."""
    p = tmp_path / "lon.txt"
    line = "1.1. Xây dựng, ban hành và tổ chức triển khai chương trình tuyên truyền.\n".encode()
    with open(p, "wb") as f:
        block = line * (1024 * 1024 // len(line) + 1)
        for _ in range(50):
            f.write(block[: 1024 * 1024])
    assert p.stat().st_size == 50 * 1024 * 1024 > MAX_TEXT_BYTES
    with pytest.raises(IngestError, match="Tệp quá lớn"):
        ingest_file(p, registry=None)


def test_unknown_extension(tmp_path):
    p = tmp_path / "ke-hoach.xyz"
    p.write_text("KẾ HOẠCH\nI. MỤC TIÊU\n", encoding="utf-8")
    with pytest.raises(IngestError, match="Không nhận dạng được định dạng"):
        ingest_file(p, registry=None)


def test_directory_and_missing(tmp_path):
    with pytest.raises(IngestError, match="thư mục"):
        load_text(tmp_path)
    with pytest.raises(IngestError, match="Không tìm thấy"):
        load_text(tmp_path / "khong-co.pdf")
