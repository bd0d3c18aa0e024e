"""Variants of the corpus plans and the test plans, each with its own gold.

A plan read well because its units and agencies were seen before is read badly once they
change; a variant changes them and keeps everything else, and its gold is transformed the
same way, so ``theodoi eval-ingest --variants`` can score it against its own truth:

* ``rename``: the plan's commune and province get the names of other real ones drawn from
  ``vietnam-provinces`` (a province of the same kind, a commune of the same kind in it),
  everywhere they are written — the OCR-damaged spellings too ("Binh Phuéc", "Xudn
  Thanh"), found by the loose key, and written back the way the text writes (no marks in
  an OCR text, capitals in a capital line);
* ``agencies``: every standard agency leading a task or an indicator is replaced by
  another standard agency of the same level from the catalogue that the plan does not
  name, in every form the catalogue knows (name, short forms); clean text only, since an
  OCR-damaged cell cannot be found reliably;
* ``reorder``: the task section's items reversed and renumbered;
* ``table``: items with labelled lines ("Cơ quan chủ trì: …") moved into an annex table of
  tasks, one cell a line as a Word table reads; ``labelled``: an annex table of tasks
  written back as items with labelled lines (clean text only).

Plain Python; used by ``tests/ingest/test_variants.py`` and by ``theodoi eval-ingest
--variants`` (which loads this file by path).
"""

from __future__ import annotations

import copy
import functools
import importlib.util
import json
import random
import re
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import ModuleType
from typing import Any

from theodoi.ingest.agency_catalogue import catalogue_entries, instantiate, registry_for_plan
from theodoi.ingest.load import load_text
from theodoi.ingest.normalize import normalize, normalize_tone
from theodoi.ingest.pipeline import ingest_text
from theodoi.ingest.segment import segment
from theodoi.ingest.units_of_vietnam import (
    PlanUnit,
    RealUnit,
    communes,
    loose_key,
    provinces,
    read_plan_unit,
)
from theodoi.textnorm import nfc, search_key, strip_diacritics

ROOT = Path(__file__).resolve().parent
GOLD_DIR = ROOT / "gold"
FIXTURE_DIR = ROOT / "fixtures" / "plans"
CORPUS_DIR = ROOT.parents[1].parent / "shared" / "corpus"

__all__ = [
    "Plan",
    "Variant",
    "labelled_to_table",
    "plans",
    "rename",
    "reorder",
    "replace_agencies",
    "table_to_labelled",
    "variants_of",
]


@dataclass
class Plan:
    """One original: its text (as the reader loads it), gold and the unit its header
    names; ``builder`` is the script of a test plan built as a DOCX at run time."""

    name: str
    text: str
    gold: dict[str, Any]
    unit: PlanUnit | None
    ocr: bool
    builder: Path | None = None


@dataclass
class Variant:
    name: str  # "<plan> ~ rename"
    original: str
    text: str
    gold: dict[str, Any]
    changes: dict[str, str] = field(default_factory=dict)  # old → new


_BUILD_DIR = tempfile.TemporaryDirectory(prefix="theodoi-variants-")


def _module(script: Path) -> ModuleType:
    """A fresh copy of a test plan's build script (its constants free to change)."""
    name = "_variant_" + re.sub(r"\W", "_", script.stem)
    spec = importlib.util.spec_from_file_location(name, script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _built_text(script: Path, change=None) -> str:
    """The text of the DOCX ``script`` builds, its string constants passed through
    ``change`` first."""
    module = _module(script)
    if change is not None:
        for key, value in list(vars(module).items()):
            if key.isupper() and isinstance(value, (str, list, tuple)):
                setattr(module, key, _map_gold(copy.deepcopy(value), change))
    out = Path(tempfile.mkdtemp(dir=_BUILD_DIR.name)) / script.stem
    return load_text(module.build(out))


def _changed_text(plan: Plan, change) -> str:
    """``plan``'s text with ``change`` applied: to the text, or to what its DOCX is built of."""
    if plan.builder is not None:
        return _built_text(plan.builder, change)
    return change(plan.text)


def _plan(name: str, path: Path, gold_path: Path, builder: Path | None = None) -> Plan:
    text = _built_text(builder) if builder is not None else load_text(path)
    norm = normalize(text)
    head = segment(norm).header
    unit = read_plan_unit(
        issuer=head.issuer, place=head.place, title=head.title, text=norm.text, ocr=norm.ocr
    )
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    return Plan(name, text, gold, unit, norm.ocr, builder)


def plans(corpus_dir: Path = CORPUS_DIR, fixture_dir: Path = FIXTURE_DIR) -> Iterator[Plan]:
    """The corpus plans with a gold file, then the test plans (text, or a DOCX built by
    a script: its variants are built from changed constants)."""
    for gold_path in sorted(GOLD_DIR.glob("*.json")):
        doc = corpus_dir / f"{gold_path.stem}.txt"
        if doc.exists():
            yield _plan(gold_path.stem, doc, gold_path)
    for gold_path in sorted(fixture_dir.glob("*.json")):
        doc, script = gold_path.with_suffix(".txt"), gold_path.with_suffix(".py")
        if doc.exists():
            yield _plan(f"{gold_path.stem} *", doc, gold_path)
        elif script.exists():
            yield _plan(f"{gold_path.stem} *", script, gold_path, builder=script)


# -- writing a name as the text writes -------------------------------------------


def _like(spelling: str, new: str, ocr: bool) -> str:
    """``new`` written like ``spelling``: without marks in an OCR text, in capitals
    when the spelling is."""
    out = strip_diacritics(new) if ocr and search_key(spelling) == spelling.lower() else new
    letters = [c for c in spelling if c.isalpha()]
    if letters and all(c.isupper() for c in letters):
        out = out.upper()
    return out


_WORD = re.compile(r"[^\s,.;:()\"“”]+")


def _spellings(text: str, place: str) -> set[str]:
    """Every run of words in ``text`` that is ``place`` once OCR confusions are folded."""
    n = len(place.split())
    target = loose_key(place)
    plain = search_key(place)
    words = [(m.start(), m.end()) for m in _WORD.finditer(text)]
    found: set[str] = set()
    for i in range(len(words) - n + 1):
        a, b = words[i][0], words[i + n - 1][1]
        chunk = text[a:b]
        if "\n" in chunk:
            continue
        key = loose_key(chunk)
        if key == target and (len(target) >= 7 or search_key(chunk) == plain):
            found.add(chunk)
    return found


def _replace_all(text: str, old_new: dict[str, str]) -> str:
    for old in sorted(old_new, key=len, reverse=True):
        text = re.sub(rf"(?<![^\W\d_]){re.escape(old)}(?![^\W\d_])", old_new[old], text)
    return text


def _map_gold(gold: Any, fn) -> Any:
    if isinstance(gold, str):
        return fn(gold)
    if isinstance(gold, list):
        return [_map_gold(g, fn) for g in gold]
    if isinstance(gold, dict):
        return {k: (v if k == "_about" else _map_gold(v, fn)) for k, v in gold.items()}
    return gold


# -- rename ----------------------------------------------------------------------


def _other_province(unit: PlanUnit, rng: random.Random) -> RealUnit:
    kind = unit.province_kind
    old = loose_key(unit.province_name or "")
    pool = [p for p in provinces() if p.kind == kind and loose_key(p.place) != old]
    return rng.choice(pool)


def _other_commune(unit: PlanUnit, province: RealUnit, rng: random.Random) -> RealUnit:
    taken: dict[str, int] = {}
    for c in communes():
        taken[loose_key(c.place)] = taken.get(loose_key(c.place), 0) + 1
    pool = [
        c
        for c in communes()
        if c.province_code == province.code
        and c.kind == unit.kind
        and taken[loose_key(c.place)] == 1  # a name no other commune bears
        and len(c.place.split()) >= 2
    ]
    return rng.choice(pool)


def rename(plan: Plan, seed: int = 0) -> Variant | None:
    """The plan with its commune and province renamed (see the module docstring)."""
    unit = plan.unit
    if unit is None:
        return None
    rng = random.Random(f"{plan.name}:{seed}")
    province = _other_province(unit, rng)
    pairs = []
    if unit.province_name:
        pairs.append((unit.province_name, province.place))
    if unit.level == "commune":
        pairs.append((unit.place, _other_commune(unit, province, rng).place))
    text_map: dict[str, str] = {}
    gold_map: dict[str, str] = {}
    for old, new in pairs:
        for spelling in _spellings(plan.text, old):
            text_map[spelling] = _like(spelling, new, plan.ocr)
        gold_map[old] = new
    if not text_map:
        return None
    text = _changed_text(plan, lambda s: _replace_all(s, text_map))
    gold = _map_gold(copy.deepcopy(plan.gold), lambda s: _replace_all(s, gold_map))
    return Variant(f"{plan.name} ~ rename", plan.name, text, gold, dict(pairs))


# -- agencies ----------------------------------------------------------------------


def _named_in(text: str, forms: list[str]) -> bool:
    key = search_key(text)
    return any(re.search(rf"\b{re.escape(search_key(f))}\b", key) for f in forms)


def _forms(entry, unit: PlanUnit, level: str) -> tuple[str, list[str]]:
    kind, place = (
        (unit.kind, unit.place) if level == "commune" else (unit.province_kind, unit.province_name)
    )
    name, aliases = instantiate(entry, kind=kind, place=place)
    return name, [name, *aliases]


def _form_rx(form: str) -> re.Pattern[str]:
    """``form`` as written in a cell: its words apart by spaces, dashes or a line break."""
    tokens = re.findall(r"[^\W_]+|&", form)
    body = r"[\s\-–—,]*".join(re.escape(t) for t in tokens)
    return re.compile(rf"(?<![^\W\d_]){body}(?![^\W\d_])", re.IGNORECASE)


def replace_agencies(plan: Plan, seed: int = 0, *, full: bool = False) -> Variant | None:
    """The plan with its leading standard agencies replaced (see the module docstring);
    ``full``: every mention by the new agency's full name with the unit's ("Đoàn Thanh
    niên Cộng sản Hồ Chí Minh xã Tà Xùa"), however the plan wrote the old one."""
    unit = plan.unit
    if unit is None or plan.ocr:
        return None
    registry = registry_for_plan(ingest_text(plan.text))
    by_key = {e.key: e for e in catalogue_entries()}
    keys_by_name = {r["name"]: r.get("key") for r in registry.entries}
    leads = {i.get("lead") for part in ("tasks", "indicators") for i in plan.gold.get(part, [])} - {
        None
    }
    level = unit.level
    usual = [
        e
        for e in catalogue_entries()
        if e.level == level and e.standard and not e.collective and not e.unit_types
    ]
    rng = random.Random(f"{plan.name}:{seed}")
    rng.shuffle(usual)
    spare = [e for e in usual if not _named_in(plan.text, _forms(e, unit, level)[1])]
    source = normalize_tone(nfc(plan.text))  # "Văn hoá" and "Văn hóa" alike
    text_map: dict[str, str] = {}
    gold_map: dict[str, str] = {}
    for lead in sorted(leads):
        res = registry.resolve(lead)
        entry = by_key.get(keys_by_name.get(res.name or "") or "")
        if res.kind != "agency" or entry is None or entry.level != level or not spare:
            continue
        new_entry = spare.pop()
        new_name, _ = _forms(new_entry, unit, level)
        bare = _forms(new_entry, replace(unit, place="", province_place=None), level)[0]
        _, old_forms = _forms(entry, unit, level)
        place = unit.place if level == "commune" else unit.province_name or ""
        for form in old_forms:
            for m in _form_rx(form).finditer(source):
                # written as the plan writes: with the unit's name where it had it
                has_place = place and search_key(place) in search_key(m.group(0))
                text_map[m.group(0)] = new_name if has_place or full else bare
        gold_map[lead] = new_name
    if not text_map:
        return None
    text = _changed_text(plan, lambda s: _replace_all(normalize_tone(nfc(s)), text_map))
    gold = _map_gold(copy.deepcopy(plan.gold), lambda s: gold_map.get(s, s))
    kind = "agencies-full" if full else "agencies"
    return Variant(f"{plan.name} ~ {kind}", plan.name, text, gold, gold_map)


# -- reorder ---------------------------------------------------------------------

_ROMAN = re.compile(r"^[IVX]+\.\s")
_NUMBERED = re.compile(r"^(\d+)\.\s+")
_DASH = re.compile(r"^[-–+•]\s")


def _blocks(lines: list[str], start: re.Pattern[str]) -> tuple[list[str], list[list[str]]]:
    """(the lines before the first block, the blocks: a line matching ``start`` and the
    lines after it up to the next one)."""
    head: list[str] = []
    blocks: list[list[str]] = []
    for line in lines:
        if start.match(line):
            blocks.append([line])
        elif blocks:
            blocks[-1].append(line)
        else:
            head.append(line)
    return head, blocks


def _gap(block: list[str]) -> int:
    return len(block) - len(_trim(block))


def _trim(block: list[str]) -> list[str]:
    end = len(block)
    while end > 1 and not block[end - 1].strip():
        end -= 1
    return block[:end]


def _task_section(lines: list[str]) -> tuple[int, int] | None:
    """(first, end) line index of the body's "… NHIỆM VỤ …" section."""
    for i, line in enumerate(lines):
        if _ROMAN.match(line) and "nhiem vu" in search_key(line):
            end = next((j for j in range(i + 1, len(lines)) if _ROMAN.match(lines[j])), None)
            return (i + 1, end) if end else None
    return None


def reorder(plan: Plan) -> Variant | None:
    """The task section's numbered items in reverse order and renumbered, and the dash
    items of each in reverse order; the gold's task codes follow ("1.2" of 3 groups of
    2 items becomes "3.1").  Clean text only."""
    lines = plan.text.split("\n")
    where = _task_section(lines) if not plan.ocr and plan.builder is None else None
    if where is None:
        return None
    first, end = where
    lead, groups = _blocks(lines[first:end], _NUMBERED)
    if len(groups) < 2 or any(re.match(r"^\d+\.\d+", ln) for g in groups for ln in g):
        return None
    k = len(groups)
    codes: dict[str, str] = {}
    out: list[str] = []
    group_gaps = [_gap(g) for g in groups]  # blank lines stay where they were
    for new_no, group in enumerate(reversed(groups), start=1):
        old_no = int(_NUMBERED.match(group[0]).group(1))
        title, items = _blocks(_trim(group), _DASH)
        out.append(_NUMBERED.sub(f"{new_no}. ", title[0], count=1))
        out += title[1:]
        item_gaps = [_gap(i) for i in items]
        n = len(items)
        for j, item in enumerate(reversed(items), start=1):
            out += _trim(item) + [""] * item_gaps[j - 1]
            codes[f"{old_no}.{n + 1 - j}"] = f"{new_no}.{j}"
        codes[str(old_no)] = str(new_no)
        out += [""] * group_gaps[new_no - 1]
    text = "\n".join([*lines[:first], *lead, *out, *lines[end:]])
    gold = copy.deepcopy(plan.gold)
    for task in gold.get("tasks", []):
        if task.get("code") in codes:
            task["code"] = codes[task["code"]]
    changed = {f"{k} items": "reversed and renumbered"}
    return Variant(f"{plan.name} ~ reorder", plan.name, text, gold, changed)


# -- labelled lines ↔ table -------------------------------------------------------

# the labels of an item's fields, as plans word them, and the column each becomes
_LABELS = {
    "lead": r"cơ quan chủ trì|đơn vị chủ trì|đơn vị thực hiện|chủ trì",
    "coordinators": r"cơ quan phối hợp|đơn vị phối hợp|phối hợp",
    "deadline": r"thời gian hoàn thành|thời hạn hoàn thành|thời gian thực hiện|thời hạn|tiến độ",
    "output": r"sản phẩm|kết quả",
}
_LABEL = re.compile(
    rf"^[-–+•]?\s*(?P<label>{'|'.join(_LABELS.values())})\s*:\s*(?P<value>.*?)[.;]?\s*$",
    re.IGNORECASE,
)
_COLUMNS = {
    "lead": "Cơ quan chủ trì",
    "coordinators": "Cơ quan phối hợp",
    "deadline": "Thời gian hoàn thành",
    "output": "Sản phẩm",
}
_ITEM = re.compile(r"^(\d+)\.\s+(\S.*)$")


def _field_of(label: str) -> str:
    return next(f for f, rx in _LABELS.items() if re.fullmatch(rx, label, re.IGNORECASE))


def _labelled_items(lines: list[str]) -> tuple[int, int, list[tuple[str, str, dict]]] | None:
    """(first, end, items) of the first run of numbered items with labelled lines: each
    item its number, its text and its fields by column."""
    items: list[tuple[str, str, dict]] = []
    first = end = None
    for i, line in enumerate(lines):
        m = _ITEM.match(line.strip())
        label = _LABEL.match(line.strip())
        if m and not label:
            if items and not items[-1][2]:
                if end is not None:
                    return None  # an item without fields amid labelled ones: not this layout
                items, first = [], None  # numbered lines before the labelled run
            if first is None:
                first = i
            items.append((m.group(1), m.group(2).strip(), {}))
        elif label and items:
            items[-1][2][_field_of(label.group("label"))] = label.group("value").strip()
            end = i + 1
        elif items and line.strip() and end is not None and _ROMAN.match(line):
            break
    if len(items) < 2 or first is None or end is None or not all(f for _, _, f in items):
        return None
    return first, end, items


def labelled_to_table(plan: Plan) -> Variant | None:
    """The task section's items with labelled lines ("Cơ quan chủ trì: …") moved into an
    annex table of tasks (one cell a line, an empty cell left out, as a Word table reads);
    the section points to the annex.  The gold is unchanged (the row number is the item's).
    Clean text only."""
    if plan.ocr or plan.builder is not None:
        return None
    lines = plan.text.split("\n")
    found = _labelled_items(lines)
    if found is None:
        return None
    first, end, items = found
    columns = [c for c in _COLUMNS if any(c in f for _, _, f in items)]
    table = ["PHỤ LỤC", "DANH MỤC NHIỆM VỤ", "(Kèm theo Kế hoạch)", "STT", "Nội dung nhiệm vụ"]
    table += [_COLUMNS[c] for c in columns]
    for number, title, fields in items:
        table += [number, title, *(fields[c] for c in columns if fields.get(c))]
    pointer = "Các nhiệm vụ cụ thể, cơ quan chủ trì và thời hạn tại Phụ lục kèm theo."
    text = "\n".join([*lines[:first], pointer, *lines[end:], *table]) + "\n"
    changed = {f"{len(items)} items with labelled lines": "rows of an annex table"}
    return Variant(f"{plan.name} ~ table", plan.name, text, copy.deepcopy(plan.gold), changed)


_HEADER_TASK = re.compile(r"^(nội dung( nhiệm vụ)?|nhiệm vụ|tên nhiệm vụ)$", re.IGNORECASE)
_ROW_NO = re.compile(r"^\d+$")
_GROUP_NO = re.compile(r"^[IVX]+$")


def _column_of(header: str) -> str | None:
    key = header.strip().lower()
    return next((f for f, rx in _LABELS.items() if re.fullmatch(rx, key, re.IGNORECASE)), None)


def _task_table(lines: list[str]) -> tuple[int, int, list[str]] | None:
    """(first, end, columns) of an annex table of tasks: "STT", the task column, then
    the field columns by name, up to the first row number or group numeral."""
    for i, line in enumerate(lines):
        if line.strip() not in ("STT", "TT") or i + 2 >= len(lines):
            continue
        if not _HEADER_TASK.match(lines[i + 1].strip()):
            continue
        columns: list[str] = []
        j = i + 2
        while j < len(lines) and not _ROW_NO.match(lines[j].strip()):
            if _GROUP_NO.match(lines[j].strip()):
                break
            column = _column_of(lines[j])
            if column is None:
                return None
            columns.append(column)
            j += 1
        end = next(
            (k for k in range(j, len(lines)) if re.match(r"^(PHỤ LỤC|Nơi nhận)", lines[k])),
            len(lines),
        )
        return (i, end, columns) if "lead" in columns else None
    return None


def _row_fields(cells: list[str], columns: list[str], lead: str | None) -> dict | None:
    """A row's cells by column; when cells were left out (empty), the lead (from the gold)
    fixes which cells come before and after it."""
    if len(cells) == len(columns):
        return dict(zip(columns, cells, strict=True))
    at = next((k for k, c in enumerate(cells) if lead and search_key(c) == search_key(lead)), None)
    if at is None:
        return None
    lead_col = columns.index("lead")
    before = dict(zip(columns[:lead_col], cells[:at], strict=False))
    after = dict(zip(reversed(columns[lead_col + 1 :]), reversed(cells[at + 1 :]), strict=False))
    return {**before, "lead": cells[at], **after}


def table_to_labelled(plan: Plan) -> Variant | None:
    """An annex table of tasks written back as numbered items with labelled lines
    ("- Cơ quan chủ trì: …"), its group rows as headings ("I. …").  Clean text only."""
    if plan.ocr or plan.builder is not None:
        return None
    lines = plan.text.split("\n")
    found = _task_table(lines)
    if found is None:
        return None
    first, end, columns = found
    leads = {search_key(t.get("title", ""))[:60]: t.get("lead") for t in plan.gold.get("tasks", [])}
    out = lines[first - 3 : first] if first >= 3 else []
    body = [ln.strip() for ln in lines[first + 2 + len(columns) : end] if ln.strip()]
    k = rows = 0
    while k < len(body):
        if _GROUP_NO.match(body[k]) and k + 1 < len(body):
            out.append(f"{body[k]}. {body[k + 1]}")
            k += 2
            continue
        if not _ROW_NO.match(body[k]) or k + 1 >= len(body):
            return None
        nxt = next(
            (
                j
                for j in range(k + 2, len(body))
                if _ROW_NO.match(body[j]) or _GROUP_NO.match(body[j])
            ),
            len(body),
        )
        title, cells = body[k + 1], body[k + 2 : nxt]
        fields = _row_fields(cells, columns, leads.get(search_key(title)[:60]))
        if fields is None:
            return None
        out.append(f"{body[k]}. {title}")
        out += [f"- {_COLUMNS[c]}: {v}." for c, v in fields.items() if v]
        rows += 1
        k = nxt
    if rows < 2:
        return None
    start = first - 3 if first >= 3 else first
    text = "\n".join([*lines[:start], *out, *lines[end:]])
    changed = {f"{rows} rows of an annex table": "items with labelled lines"}
    return Variant(f"{plan.name} ~ labelled", plan.name, text, copy.deepcopy(plan.gold), changed)


@functools.cache
def _render_module() -> ModuleType:
    """``variants_render.py``, loaded once (it keeps the renders it made)."""
    spec = importlib.util.spec_from_file_location("_variants_render", ROOT / "variants_render.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def variants_of(plan: Plan, seed: int = 0, *, render: bool = False) -> list[Variant]:
    """Every variant this generator makes of ``plan``; ``render``: also the slow render
    variants of ``variants_render.py`` (scanned pages, English-model OCR text)."""
    made = [
        rename(plan, seed),
        replace_agencies(plan, seed),
        replace_agencies(plan, seed, full=True),
        reorder(plan),
        labelled_to_table(plan),
        table_to_labelled(plan),
    ]
    if render:
        made += _render_module().render_variants(plan, Variant)
    return [v for v in made if v is not None]
