"""Text of a Word ``.docx``: paragraphs and tables in document order, with the automatic
numbering that Word draws but does not store in the text ("I.", "1.", "1.1.", "a)", "-").

Read directly from the package (zip + lxml), so the numbering definitions
(``word/numbering.xml``, paragraph and style ``w:numPr``) can be rendered the way Word does:
counters per abstract list, deeper levels restarting, ``%1.%2.`` level texts, roman, letter
and bullet formats.  Tables come out one cell per line (each paragraph of a cell on its own
line) in row order, which is how the corpus text of a table reads (the national header
table too: issuer, number, then "CỘNG HÒA…", place and date — what the header parser reads).

Guards: the package must be a real zip holding ``word/document.xml``; the uncompressed size
of what is read is capped (:data:`MAX_UNCOMPRESSED`) so a zip bomb is refused; XML is
parsed without entities, DTDs or network.
"""

from __future__ import annotations

import contextlib
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from .errors import IngestError
from .loaders.blocks import Block, Document, Paragraph, Table, document_text

__all__ = ["read_docx", "read_docx_document", "MAX_UNCOMPRESSED"]

MAX_UNCOMPRESSED = 200 * 1024 * 1024  # bytes, all parts read together
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_R = "http://schemas.openxmlformats.org/package/2006/relationships"


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


_BULLETS = {"•", "\uf0b7", "\uf0a7", "\uf0d8", "\uf076", "\uf0fc", "▪", "●", "◦", "■", "□", "➢"}
_BULLETS |= {"o", "§", "Ø", "ü", "v", "–", "—", "·", "\uf02d", "\u2212"}


def _corrupt(name: str) -> IngestError:
    return IngestError(f"Tệp Word {name} bị hỏng hoặc không đầy đủ (có thể tải lên bị cắt ngang).")


# -- package -------------------------------------------------------------------


class _Package:
    def __init__(self, path: Path):
        self.name = path.name
        try:
            self.zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError) as exc:
            raise _corrupt(self.name) from exc
        except OSError as exc:
            raise IngestError(f"Không đọc được tệp {self.name}: {exc.strerror or exc}") from exc
        self.budget = MAX_UNCOMPRESSED
        try:
            self.names = set(self.zip.namelist())
        except Exception as exc:  # noqa: BLE001
            raise _corrupt(self.name) from exc

    def close(self) -> None:
        self.zip.close()

    def read(self, part: str) -> bytes | None:
        if part not in self.names:
            return None
        try:
            info = self.zip.getinfo(part)
            if info.file_size > self.budget:
                raise _too_big(self.name)
            with self.zip.open(info) as f:
                data = f.read(self.budget + 1)
        except IngestError:
            raise
        except (zipfile.BadZipFile, EOFError, OSError, ValueError, RuntimeError) as exc:
            # RuntimeError: encrypted member; zlib.error is an Exception too
            raise _corrupt(self.name) from exc
        except Exception as exc:  # noqa: BLE001 - zlib.error, NotImplementedError (method)
            raise _corrupt(self.name) from exc
        if len(data) > self.budget:
            raise _too_big(self.name)
        self.budget -= len(data)
        return data

    def xml(self, part: str):
        data = self.read(part)
        if data is None:
            return None
        from lxml import etree

        parser = etree.XMLParser(
            resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
        )
        try:
            return etree.fromstring(data, parser)
        except (etree.XMLSyntaxError, ValueError) as exc:
            raise _corrupt(self.name) from exc

    def main_part(self) -> str:
        rels = self.xml("_rels/.rels")
        if rels is not None:
            for rel in rels.iter(f"{{{_PKG_R}}}Relationship"):
                if rel.get("Type", "").endswith("/officeDocument"):
                    target = rel.get("Target", "").lstrip("/")
                    if target in self.names:
                        return target
        return "word/document.xml"

    def related(self, source: str, kind: str) -> str | None:
        folder, base = posixpath.split(source)
        rels = self.xml(posixpath.join(folder, "_rels", base + ".rels"))
        if rels is None:
            return None
        for rel in rels.iter(f"{{{_PKG_R}}}Relationship"):
            if rel.get("Type", "").endswith("/" + kind):
                target = rel.get("Target", "")
                path = (
                    target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
                )
                return posixpath.normpath(path)
        return None


def _too_big(name: str) -> IngestError:
    mb = MAX_UNCOMPRESSED // (1024 * 1024)
    return IngestError(
        f"Tệp Word {name} quá lớn khi giải nén (trên {mb} MB): có thể là tệp nén độc hại."
    )


# -- numbering -------------------------------------------------------------------


@dataclass
class _Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1
    legal: bool = False
    restart: int | None = None  # restart after this (0-based) level; None = any higher
    suffix: str = "tab"


@dataclass
class _Numbering:
    abstract: dict[str, dict[int, _Level]] = field(default_factory=dict)
    num_abstract: dict[str, str] = field(default_factory=dict)
    overrides: dict[str, dict[int, int]] = field(default_factory=dict)  # numId → lvl → start
    style_num: dict[str, tuple[str | None, int | None]] = field(default_factory=dict)
    style_based: dict[str, str] = field(default_factory=dict)
    counters: dict[str, list[int | None]] = field(default_factory=dict)
    started: set[str] = field(default_factory=set)

    @classmethod
    def load(cls, numbering, styles) -> _Numbering:
        nb = cls()
        if numbering is not None:
            for an in numbering.iter(_w("abstractNum")):
                levels: dict[int, _Level] = {}
                for lvl in an.iter(_w("lvl")):
                    try:
                        ilvl = int(lvl.get(_w("ilvl"), "0"))
                    except ValueError:
                        continue
                    levels[ilvl] = _parse_level(lvl)
                nb.abstract[an.get(_w("abstractNumId"), "")] = levels
            for num in numbering.iter(_w("num")):
                nid = num.get(_w("numId"), "")
                ref = num.find(_w("abstractNumId"))
                if ref is not None:
                    nb.num_abstract[nid] = ref.get(_w("val"), "")
                for ov in num.iter(_w("lvlOverride")):
                    so = ov.find(_w("startOverride"))
                    if so is not None:
                        with contextlib.suppress(ValueError):
                            nb.overrides.setdefault(nid, {})[int(ov.get(_w("ilvl"), "0"))] = int(
                                so.get(_w("val"), "1")
                            )
        if styles is not None:
            for st in styles.iter(_w("style")):
                sid = st.get(_w("styleId"), "")
                based = st.find(_w("basedOn"))
                if based is not None:
                    nb.style_based[sid] = based.get(_w("val"), "")
                num_pr = st.find(f"{_w('pPr')}/{_w('numPr')}")
                if num_pr is not None:
                    nb.style_num[sid] = _num_pr(num_pr)
        return nb

    def _style_numbering(self, style: str | None) -> tuple[str | None, int | None]:
        seen = set()
        while style and style not in seen:
            seen.add(style)
            if style in self.style_num:
                return self.style_num[style]
            style = self.style_based.get(style)
        return None, None

    def label(self, p) -> str:
        """The number Word draws before paragraph ``p`` ("" when none); advances counters."""
        ppr = p.find(_w("pPr"))
        num_id: str | None = None
        ilvl: int | None = None
        style = None
        if ppr is not None:
            ps = ppr.find(_w("pStyle"))
            style = ps.get(_w("val")) if ps is not None else None
            num_pr = ppr.find(_w("numPr"))
            if num_pr is not None:
                num_id, ilvl = _num_pr(num_pr)
        if num_id is None or ilvl is None:
            s_id, s_lvl = self._style_numbering(style)
            num_id = num_id if num_id is not None else s_id
            ilvl = ilvl if ilvl is not None else s_lvl
        if not num_id or num_id == "0":
            return ""
        ilvl = min(max(ilvl or 0, 0), 8)
        aid = self.num_abstract.get(num_id)
        levels = self.abstract.get(aid or "")
        if levels is None:
            return ""
        lvl = levels.get(ilvl, _Level(text=f"%{ilvl + 1}."))
        counters = self.counters.setdefault(aid or "", [None] * 9)
        if num_id not in self.started:
            self.started.add(num_id)
            for k, start in self.overrides.get(num_id, {}).items():
                if 0 <= k < 9:
                    counters[k] = start - 1
                    for deeper in range(k + 1, 9):
                        counters[deeper] = None
        cur = counters[ilvl]
        counters[ilvl] = lvl.start if cur is None else cur + 1
        for deeper in range(ilvl + 1, 9):
            d = levels.get(deeper)
            if d is None or d.restart is None or d.restart > ilvl:
                counters[deeper] = None
        if lvl.fmt == "none":
            return ""
        if lvl.fmt == "bullet":
            mark = lvl.text.strip()
            if mark in ("+",):
                return "+ "
            if mark in ("-",) or mark in _BULLETS or not mark or len(mark) == 1:
                return "- "
            return mark + " "

        def repl(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            sub = levels.get(k, _Level())
            value = counters[k] if counters[k] is not None else sub.start
            fmt = "decimal" if (lvl.legal and k < ilvl) else sub.fmt
            return _format(value, fmt)

        text = re.sub(r"%([1-9])", repl, lvl.text)
        sep = "" if lvl.suffix == "nothing" else " "
        return text + sep if text else ""


def _num_pr(num_pr) -> tuple[str | None, int | None]:
    nid = num_pr.find(_w("numId"))
    il = num_pr.find(_w("ilvl"))
    try:
        ilvl = int(il.get(_w("val"), "0")) if il is not None else None
    except ValueError:
        ilvl = 0
    return (nid.get(_w("val")) if nid is not None else None), ilvl


def _parse_level(lvl) -> _Level:
    out = _Level()
    for tag in ("numFmt", "lvlText", "start", "isLgl", "lvlRestart", "suff"):
        el = lvl.find(_w(tag))
        if el is None:
            continue
        val = el.get(_w("val"))
        if tag == "numFmt":
            out.fmt = val or "decimal"
        elif tag == "lvlText":
            out.text = val or ""
        elif tag == "start":
            out.start = int(val) if val and val.lstrip("-").isdigit() else 1
        elif tag == "isLgl":
            out.legal = val not in ("0", "false")
        elif tag == "lvlRestart":
            out.restart = int(val) - 1 if val and val.isdigit() else None
        elif tag == "suff":
            out.suffix = val or "tab"
    return out


def _roman(n: int) -> str:
    if n <= 0 or n >= 4000:
        return str(n)
    out = []
    for value, sym in (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
        while n >= value:
            out.append(sym)
            n -= value
    return "".join(out)


def _letter(n: int) -> str:
    if n <= 0:
        return str(n)
    # Word repeats the letter past z: aa, bb …
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _format(n: int, fmt: str) -> str:
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "upperLetter":
        return _letter(n).upper()
    if fmt == "lowerLetter":
        return _letter(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


# -- document ------------------------------------------------------------------------

_SKIP = {_w("delText"), _w("instrText"), f"{{{MC}}}Fallback", _w("rPr"), _w("pPr")}


def _run_hidden(r) -> bool:
    rpr = r.find(_w("rPr"))
    if rpr is None:
        return False
    v = rpr.find(_w("vanish"))
    return v is not None and v.get(_w("val"), "true") not in ("0", "false")


def _para_text(p) -> str:
    parts: list[str] = []

    def walk(el) -> None:
        for child in el:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP:
                continue
            if tag == _w("t"):
                parts.append(child.text or "")
            elif tag == _w("tab"):
                parts.append("\t")
            elif tag in (_w("br"), _w("cr")):
                parts.append("\n")
            elif tag == _w("noBreakHyphen"):
                parts.append("-")
            elif tag == _w("r") and _run_hidden(child):
                continue
            elif tag == _w("p"):  # text box paragraphs inside a run
                parts.append("\n")
                walk(child)
                parts.append("\n")
            else:
                walk(child)

    walk(p)
    return "".join(parts)


class _Reader:
    """Blocks of a body: paragraphs with Word's numbering, tables as rows of cells (a
    cell's paragraphs, and the lines of a table nested in it, one per line)."""

    def __init__(self, numbering: _Numbering):
        self.numbering = numbering

    def paragraph(self, p, out: list[Block]) -> None:
        label = self.numbering.label(p)
        text = _para_text(p)
        text = re.sub(r"[ \t\u00a0]+", " ", text)
        pieces = [s.strip() for s in text.split("\n")]
        pieces = [s for s in pieces if s]
        if not pieces:
            return
        out.append(Paragraph(pieces[0], label=label))
        out.extend(Paragraph(s) for s in pieces[1:])

    def container(self, el, out: list[Block]) -> None:
        for child in el:
            tag = child.tag
            if tag == _w("p"):
                self.paragraph(child, out)
            elif tag == _w("tbl"):
                self.table(child, out)
            elif tag in (_w("sdt"),):
                content = child.find(_w("sdtContent"))
                if content is not None:
                    self.container(content, out)
            elif tag in (_w("customXml"), _w("sdtContent"), _w("ins"), _w("smartTag")):
                self.container(child, out)

    def cell_text(self, tc) -> str:
        blocks: list[Block] = []
        self.container(tc, blocks)
        return document_text(Document(blocks)).rstrip("\n")

    def table(self, tbl, out: list[Block]) -> None:
        rows = [
            [self.cell_text(tc) for tc in _cells(tr)] for tr in tbl.iter(_w("tr")) if _own(tr, tbl)
        ]
        out.append(Table(rows))


def _own(tr, tbl) -> bool:
    """``tr`` belongs to ``tbl`` itself, not to a table nested in one of its cells."""
    parent = tr.getparent()
    while parent is not None and parent.tag != _w("tbl"):
        parent = parent.getparent()
    return parent is tbl


def _cells(tr):
    for child in tr:
        if child.tag == _w("tc"):
            yield child
        elif child.tag in (_w("sdt"), _w("customXml")):
            yield from child.iter(_w("tc"))


def read_docx_document(path: Path) -> Document:
    """Blocks of the Word document ``path``; raises :class:`IngestError` when unreadable."""
    pkg = _Package(path)
    try:
        main = pkg.main_part()
        doc = pkg.xml(main)
        if doc is None:
            raise IngestError(
                f"Tệp {path.name} không phải văn bản Word (.docx): thiếu phần nội dung chính."
            )
        body = doc.find(_w("body"))
        if body is None:
            raise _corrupt(path.name)
        numbering_part = pkg.related(main, "numbering") or "word/numbering.xml"
        styles_part = pkg.related(main, "styles") or "word/styles.xml"
        numbering = _Numbering.load(pkg.xml(numbering_part), pkg.xml(styles_part))
        blocks: list[Block] = []
        _Reader(numbering).container(body, blocks)
    finally:
        pkg.close()
    return Document(blocks)


def read_docx(path: Path) -> str:
    """Text of the Word document ``path``; raises :class:`IngestError` when unreadable."""
    return document_text(read_docx_document(path)) or "\n"
