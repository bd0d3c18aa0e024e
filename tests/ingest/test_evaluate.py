"""The evaluator itself, on small hand-made inputs."""

import io

from theodoi.ingest.evaluate import evaluate, format_report, run_eval_ingest

GOLD = {
    "indicators": [
        {
            "code": "1",
            "name": "Tỷ lệ giao dịch không dùng tiền mặt",
            "unit": "%",
            "targets": [{"period": "2030", "op": ">=", "value": 85}],
            "lead": "Phòng Kinh tế",
        }
    ],
    "tasks": [
        {
            "code": "I.1",
            "title": "Tổ chức tuyên truyền về Nghị quyết số 57",
            "lead": "Phòng Văn hóa - Xã hội",
            "deadline": {"kind": "recurring", "due": None},
        },
        {
            "code": "I.2",
            "title": "Xây dựng cơ sở dữ liệu đất đai",
            "lead": "Phòng Kinh tế",
            "deadline": {"kind": "date", "due": "2025-09-30"},
        },
    ],
}


def test_matching_is_diacritics_insensitive_and_scores_fields():
    got = {
        "indicators": [
            {
                "code": "1",
                "name": "Ty le giao dich khong dung tien mat",
                "unit": "%",
                "targets": [{"period": "2030", "op": "=", "value": 85}],
                "lead": "Phong Kinh te",
            }
        ],
        "tasks": [
            {
                "code": "1",
                "title": "To chuc tuyen truyen ve Nghi quyet so 57-NQ/TW",
                "lead": "Phòng VH-XH",
                "deadline": {"kind": "recurring", "due": None},
            },
            {
                "code": "9",
                "title": "Một việc không có trong gold",
                "lead": None,
                "deadline": {"kind": "unknown"},
            },
        ],
    }
    rep = evaluate(got, GOLD, name="t")
    assert (rep.indicator_recall.right, rep.indicator_recall.total) == (1, 1)
    assert (rep.task_recall.right, rep.task_recall.total) == (1, 2)
    assert (rep.task_precision.right, rep.task_precision.total) == (1, 2)
    assert rep.indicator_lead.rate == 1.0
    assert rep.task_lead.rate == 1.0  # abbreviation resolved
    assert rep.target.rate == 0.0  # op differs
    assert rep.deadline.rate == 1.0
    assert "t" in format_report([rep])


def test_wrong_deadline_and_lead_are_counted():
    got = {
        "indicators": [],
        "tasks": [
            {
                "code": "I.2",
                "title": "Xây dựng cơ sở dữ liệu đất đai",
                "lead": "Công an xã",
                "deadline": {"kind": "date", "due": "2025-12-31"},
            }
        ],
    }
    rep = evaluate(got, GOLD)
    assert rep.task_lead.rate == 0.0
    assert rep.deadline.rate == 0.0
    assert rep.indicator_recall.rate == 0.0


def test_cli_reports_missing_directories(tmp_path):
    out, err = io.StringIO(), io.StringIO()
    assert run_eval_ingest(["--gold", str(tmp_path / "none")], out, err) == 2
    assert "không có thư mục" in err.getvalue()
