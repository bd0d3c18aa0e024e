"""Items with labelled lines ("- Đơn vị thực hiện: …", "Thời gian hoàn thành: …"): the
labels are fields of the item above them."""

from __future__ import annotations

import re

from ..deadlines import parse_deadline
from ..fields.namer import AgencyNamer
from ..model import Task
from ..segment import fold

# labelled lines under a task item ("Cơ quan chủ trì: …", "Thời gian hoàn thành: …"),
# the layout of plans that list tasks as numbered paragraphs instead of a table
_FIELD_LABEL = re.compile(
    r"(?:^|(?<=[\s.;]))(?P<label>"
    r"(?:cơ quan|đơn vị|co quan|don vi)\s+(?:chủ trì|chu tri)(?:\s*,\s*(?:theo dõi|đôn đốc)[^:]{0,30})?"
    r"|(?:cơ quan|đơn vị|co quan|don vi)\s+(?:phối hợp|phoi hop)"
    r"|(?:thời gian|thời hạn|thoi gian|thoi han)(?:\s+(?:hoàn thành|thực hiện|hoan thanh|thuc hien))?"
    r"|(?:sản phẩm|kết quả|san pham|ket qua)(?:\s+(?:dự kiến|cần đạt|đầu ra|du kien|can dat))?"
    r")\s*:\s*",
    re.IGNORECASE,
)


def labelled_fields(task: Task, namer: AgencyNamer) -> bool:
    """Read "Cơ quan chủ trì: …", "Cơ quan phối hợp: …", "Thời gian hoàn thành: …",
    "Sản phẩm: …" out of a task's text; the title keeps what comes before the first
    label.  Returns True when the task had such labels."""
    found = list(_FIELD_LABEL.finditer(task.title))
    if not found:
        return False
    values: dict[str, str] = {}
    for k, m in enumerate(found):
        end = found[k + 1].start() if k + 1 < len(found) else len(task.title)
        label = fold(m.group("label"))
        value = task.title[m.end() : end].strip(" .;,")
        kind = (
            "lead"
            if "chu tri" in label
            else "coord"
            if "phoi hop" in label
            else "deadline"
            if label.startswith("thoi")
            else "output"
        )
        values.setdefault(kind, value)
    title = task.title[: found[0].start()].strip()
    if not title:
        return False
    task.title = title
    if values.get("lead") or values.get("coord"):
        lead, coords = namer.lead_and_coordinators(values.get("lead"), values.get("coord"))
        task.lead = lead
        task.coordinators = coords
    if values.get("deadline"):
        task.deadline = parse_deadline(values["deadline"])
    if values.get("output"):
        task.output = values["output"]
    return True
