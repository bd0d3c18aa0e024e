"""Text forms of the recognisers, and the shape of the layout and field modules."""

import ast
from pathlib import Path

import pytest

from theodoi.ingest.fields.text import plain_key, words_of

PACKAGE = Path(__file__).parents[2] / "theodoi" / "ingest"
MODULES = sorted([*(PACKAGE / "layouts").glob("*.py"), *(PACKAGE / "fields").glob("*.py")])


def test_the_folded_key_repairs_ocr_words_first():
    assert plain_key("Phòng Kinh tế", False) == "phong kinh te"
    # an OCR'd word ("S6" for "Số") is repaired before it is folded
    assert plain_key("S6 hoa ho so", True).startswith("so hoa")
    assert words_of("dich vu cong, muc do 4") == ["dich", "vu", "cong", "muc", "do", "4"]


@pytest.mark.parametrize("path", MODULES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_each_module_says_what_it_reads_and_has_no_long_function(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    assert ast.get_docstring(tree), "module docstring"
    long = [
        n.name
        for n in ast.walk(tree)
        if isinstance(n, ast.FunctionDef) and n.end_lineno - n.lineno + 1 > 80
    ]
    assert not long
