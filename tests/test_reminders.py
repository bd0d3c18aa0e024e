import datetime as dt

from django.core import mail
from django.core.management import call_command

from tests.conftest import make_quarter
from theodoi.reporting.reminders import remind


def test_reminders_are_sent_once(users, agencies, plan):
    users["reporter"].email = "kinhte@xa.gov.vn"
    users["reporter"].save()
    make_quarter(plan, 2026, 1)
    first = remind(today=dt.date(2026, 3, 10), days=7)
    assert (first.emails, len(mail.outbox)) == (1, 1)
    assert "Quý I/2026" in mail.outbox[0].body
    second = remind(today=dt.date(2026, 3, 10), days=7)
    assert (second.emails, len(mail.outbox)) == (0, 1)
    later = remind(today=dt.date(2026, 3, 20), days=7)  # now overdue: a new reminder
    assert later.emails == 1 and "quá hạn" in mail.outbox[1].body


def test_tasks_due_soon_are_reminded_to_their_lead(users, agencies, plan):
    users["reporter"].email = "kinhte@xa.gov.vn"
    users["reporter"].save()
    plan.tasks.filter(code="1.2").update(deadline_kind="date", due_date=dt.date(2026, 5, 5))
    remind(today=dt.date(2026, 5, 1), days=7)
    assert any("Nhiệm vụ 1.2" in m.body for m in mail.outbox)


def test_remind_command_reports_counts(db, capsys):
    call_command("remind", "--days", "3", "--today", "2026-01-01")
    assert "Đã gửi 0 email" in capsys.readouterr().out
