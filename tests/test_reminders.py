"""`theodoi remind`: each staged reminder made once, to the right users, as they chose."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from tests.conftest import make_quarter, make_user
from theodoi.accounts.choices import Role
from theodoi.notifications.choices import NotificationKind as K
from theodoi.notifications.models import Notification
from theodoi.notifications.services import preferences_save
from theodoi.reporting import services
from theodoi.reporting.models import Report
from theodoi.reporting.reminders import remind

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def people(users, units, agencies):
    users["reporter"].email = "kinhte@xa.gov.vn"
    users["reporter"].save()
    users["office"].email = "vanphong@xa.gov.vn"
    users["office"].save()
    users["other_office"].email = "vp@xakhac.gov.vn"
    users["other_office"].save()
    vhxh = make_user(
        "cb.vhxh", Role.REPORTER, units["commune"], agencies["vhxh"], email="vhxh@xa.gov.vn"
    )
    return {**users, "vhxh": vhxh}


def kinds(user):
    return list(
        Notification.objects.filter(user=user).order_by("id").values_list("kind", flat=True)
    )


def mails_to(address):
    return [m for m in mail.outbox if address in m.to]


def test_each_stage_before_and_after_the_due_date_is_made_once(people, plan):
    make_quarter(plan, 2026, 1)  # due 15/03/2026
    for day in (1, 8, 8, 9, 12, 13, 14, 16, 17, 30):
        remind(today=dt.date(2026, 3, day))
    expected = [K.REPORT_DUE_7, K.REPORT_DUE_3, K.REPORT_DUE_1, K.REPORT_MISSED]
    assert kinds(people["reporter"]) == expected
    assert kinds(people["vhxh"]) == expected  # both agencies lead something in the plan
    assert kinds(people["office"]) == [] and kinds(people["leader"]) == []
    emails = mails_to("kinhte@xa.gov.vn")
    assert len(emails) == 4
    assert "còn 7 ngày" in emails[0].body and "Quý I/2026" in emails[0].body
    assert "quá hạn" in emails[3].body


def test_an_agency_that_sent_its_report_is_not_reminded(people, agencies, plan):
    period = make_quarter(plan, 2026, 1)
    report = services.report_open(period=period, agency=agencies["kinhte"], user=people["reporter"])
    services.report_submit(report=report, user=people["reporter"])
    remind(today=dt.date(2026, 3, 12))
    assert kinds(people["reporter"]) == []
    assert kinds(people["vhxh"]) == [K.REPORT_DUE_3]


def test_a_report_waiting_more_than_three_working_days_reminds_the_plans_office(
    people, agencies, plan
):
    period = make_quarter(plan, 2026, 1)
    report = services.report_open(period=period, agency=agencies["kinhte"], user=people["reporter"])
    friday = dt.datetime(2026, 3, 13, 16, 0, tzinfo=HCM)
    services.report_submit(report=report, user=people["reporter"], now=friday)
    remind(today=dt.date(2026, 3, 18))  # Mon, Tue, Wed: 3 working days
    assert kinds(people["office"]) == []
    remind(today=dt.date(2026, 3, 19))
    remind(today=dt.date(2026, 3, 20))
    assert kinds(people["office"]) == [K.REVIEW_WAITING]
    assert kinds(people["other_office"]) == []  # another commune's office
    assert K.REVIEW_WAITING not in kinds(people["reporter"])
    note = Notification.objects.get(user=people["office"])
    assert note.url == report.get_absolute_url() and "Phòng Kinh tế" in note.title
    assert [m.to for m in mails_to("vanphong@xa.gov.vn")] == [["vanphong@xa.gov.vn"]]


def test_a_report_sent_again_is_a_new_wait(people, agencies, plan):
    period = make_quarter(plan, 2026, 1)
    report = services.report_open(period=period, agency=agencies["kinhte"], user=people["reporter"])
    services.report_submit(
        report=report, user=people["reporter"], now=dt.datetime(2026, 3, 2, 9, tzinfo=HCM)
    )
    remind(today=dt.date(2026, 3, 10))
    report = services.report_return(report=report, user=people["office"], comment="Bổ sung số liệu")
    services.report_submit(
        report=report, user=people["reporter"], now=dt.datetime(2026, 3, 11, 9, tzinfo=HCM)
    )
    remind(today=dt.date(2026, 3, 13))  # 2 working days since the second submission
    assert kinds(people["office"]) == [K.REVIEW_WAITING]
    remind(today=dt.date(2026, 3, 17))
    assert kinds(people["office"]) == [K.REVIEW_WAITING, K.REVIEW_WAITING]


def test_a_draft_untouched_for_seven_days_reminds_its_reporters(people, agencies, plan):
    period = make_quarter(plan, 2026, 2)  # due 15/06: no due-date stage in March
    report = services.report_open(period=period, agency=agencies["kinhte"], user=people["reporter"])
    Report.objects.filter(pk=report.pk).update(updated_at=dt.datetime(2026, 3, 1, 10, tzinfo=HCM))
    remind(today=dt.date(2026, 3, 7))
    assert kinds(people["reporter"]) == []
    remind(today=dt.date(2026, 3, 8))
    remind(today=dt.date(2026, 3, 9))
    assert kinds(people["reporter"]) == [K.DRAFT_STALE]
    assert kinds(people["vhxh"]) == []  # not its agency's draft
    # edited again, then idle again: a new reminder
    Report.objects.filter(pk=report.pk).update(updated_at=dt.datetime(2026, 3, 10, 8, tzinfo=HCM))
    remind(today=dt.date(2026, 3, 17))
    assert kinds(people["reporter"]) == [K.DRAFT_STALE, K.DRAFT_STALE]


def test_a_task_due_within_seven_days_reminds_its_lead(people, plan):
    task = plan.tasks.get(code="1.2")  # led by Phòng Kinh tế
    task.deadline_kind, task.due_date = "date", dt.date(2026, 5, 5)
    task.save()
    remind(today=dt.date(2026, 4, 27))
    assert kinds(people["reporter"]) == []
    remind(today=dt.date(2026, 4, 28))
    remind(today=dt.date(2026, 5, 1))
    assert kinds(people["reporter"]) == [K.TASK_DUE]
    assert kinds(people["vhxh"]) == []
    assert "Nhiệm vụ 1.2" in mails_to("kinhte@xa.gov.vn")[0].body


def test_a_task_reported_done_is_not_reminded(people, plan):
    plan.tasks.filter(code="1.2").update(
        deadline_kind="date", due_date=dt.date(2026, 5, 5), reported_status="done"
    )
    remind(today=dt.date(2026, 5, 1))
    assert kinds(people["reporter"]) == []


def test_one_email_per_user_and_run_carries_all_its_new_reminders(people, plan):
    make_quarter(plan, 2026, 1)
    plan.tasks.filter(code="1.2").update(deadline_kind="date", due_date=dt.date(2026, 3, 14))
    result = remind(today=dt.date(2026, 3, 8))
    emails = mails_to("kinhte@xa.gov.vn")
    assert len(emails) == 1
    assert "Quý I/2026" in emails[0].body and "Nhiệm vụ 1.2" in emails[0].body
    assert result.emails == 2  # kinhte and vhxh
    assert remind(today=dt.date(2026, 3, 8)).emails == 0


def test_preferences_choose_email_and_in_app_per_kind(people, plan):
    make_quarter(plan, 2026, 1)
    reporter = people["reporter"]
    preferences_save(
        user=reporter,
        choices={K.REPORT_DUE_7: (False, True), K.REPORT_DUE_3: (True, False)},
    )
    preferences_save(user=people["vhxh"], choices={K.REPORT_DUE_7: (False, False)})
    remind(today=dt.date(2026, 3, 8))
    assert mails_to("kinhte@xa.gov.vn") == []  # no email for 7 days before
    assert Notification.objects.get(user=reporter, kind=K.REPORT_DUE_7).in_app
    remind(today=dt.date(2026, 3, 12))
    assert len(mails_to("kinhte@xa.gov.vn")) == 1
    assert not Notification.objects.get(user=reporter, kind=K.REPORT_DUE_3).in_app
    # neither way wanted: nothing shown or sent, and not made again once wanted
    assert mails_to("vhxh@xa.gov.vn")[0].body.count("còn 3 ngày") == 1
    preferences_save(user=people["vhxh"], choices={K.REPORT_DUE_7: (True, True)})
    remind(today=dt.date(2026, 3, 8))
    assert len(mails_to("vhxh@xa.gov.vn")) == 1


def test_a_user_without_an_address_gets_the_notification_only(people, plan):
    people["vhxh"].email = ""
    people["vhxh"].save()
    make_quarter(plan, 2026, 1)
    result = remind(today=dt.date(2026, 3, 8))
    assert kinds(people["vhxh"]) == [K.REPORT_DUE_7]
    assert result.users_without_email == 1 and result.emails == 1


def test_an_inactive_user_is_not_reminded(people, plan):
    people["vhxh"].is_active = False
    people["vhxh"].save()
    make_quarter(plan, 2026, 1)
    remind(today=dt.date(2026, 3, 8))
    assert kinds(people["vhxh"]) == []


def test_dry_run_writes_and_sends_nothing(people, plan):
    make_quarter(plan, 2026, 1)
    result = remind(today=dt.date(2026, 3, 8), dry_run=True)
    assert result.notifications == 2 and result.emails == 2
    assert Notification.objects.count() == 0 and mail.outbox == []


def test_remind_command_prints_a_summary_in_vietnamese(people, plan, capsys):
    make_quarter(plan, 2026, 1)
    call_command("remind", "--date", "2026-03-08", "--dry-run")
    out = capsys.readouterr().out
    assert "Chạy thử" in out and "sẽ tạo 2 thông báo mới ngày 08/03/2026" in out
    assert Notification.objects.count() == 0
    call_command("remind", "--date", "2026-03-08")
    out = capsys.readouterr().out
    assert "Đã tạo 2 thông báo mới" in out and "Báo cáo còn 7 ngày đến hạn: 2" in out
    call_command("remind", "--date", "2026-03-08")
    assert "Đã tạo 0 thông báo mới" in capsys.readouterr().out


def test_remind_command_refuses_a_malformed_date(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("remind", "--date", "08/03/2026")


def test_a_task_led_collectively_reminds_each_member_of_the_group(people, agencies, plan):
    from theodoi.plans.choices import Collective
    from theodoi.units.choices import AgencyKind

    agencies["kinhte"].kind = AgencyKind.COMMUNE_DIVISION
    agencies["kinhte"].save()
    plan.tasks.filter(code="2.1").update(
        lead=None,
        lead_collective=Collective.COMMUNE_DIVISIONS,
        deadline_kind="date",
        due_date=dt.date(2026, 5, 5),
    )
    remind(today=dt.date(2026, 5, 1))
    assert kinds(people["reporter"]) == [K.TASK_DUE]
    assert "Nhiệm vụ 2.1" in mails_to("kinhte@xa.gov.vn")[0].body
    assert kinds(people["vhxh"]) == []  # not a division of the commune by its kind


def test_a_period_missed_long_ago_is_not_reminded(people, plan):
    make_quarter(plan, 2026, 1)  # due 15/03/2026
    remind(today=dt.date(2026, 4, 15))  # 31 days after
    assert kinds(people["reporter"]) == []
    remind(today=dt.date(2026, 4, 14))
    assert kinds(people["reporter"]) == [K.REPORT_MISSED]


def test_the_queries_of_a_run_do_not_grow_with_the_periods(people, plan):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from theodoi.reporting.reminders import staged_reminders

    def count() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as queries:
            found = staged_reminders(today=dt.date(2026, 3, 8))
        return len(queries), len(found)

    make_quarter(plan, 2026, 1, due=dt.date(2026, 3, 11))
    one, found_one = count()
    for quarter in (2, 3):
        make_quarter(plan, 2026, quarter, due=dt.date(2026, 3, 10 + quarter))
    three, found_three = count()
    assert (found_one, found_three) == (2, 6)  # periods × the two agencies' reporters
    assert three == one


def test_coordinators_and_members_of_a_named_group_are_reminded_of_the_report(people, units, plan):
    from theodoi.plans.choices import Collective
    from theodoi.units.choices import AgencyKind
    from theodoi.units.models import Agency

    police = Agency.objects.create(unit=units["commune"], name="Công an xã Vĩnh Lại")
    plan.tasks.get(code="1.2").coordinators.add(police)
    interior = Agency.objects.create(
        unit=units["commune"], name="Phòng Nội vụ", kind=AgencyKind.COMMUNE_DIVISION
    )
    plan.indicators.update(coordinator_collectives=[Collective.COMMUNE_DIVISIONS])
    elsewhere = Agency.objects.create(
        unit=units["other"], name="Phòng Nội vụ", kind=AgencyKind.COMMUNE_DIVISION
    )
    reporters = {
        agency: make_user(f"cb.{i}", Role.REPORTER, agency.unit, agency, email=f"{i}@xa.gov.vn")
        for i, agency in enumerate([police, interior, elsewhere])
    }
    make_quarter(plan, 2026, 1)
    remind(today=dt.date(2026, 3, 12))
    assert kinds(reporters[police]) == [K.REPORT_DUE_3]
    assert kinds(reporters[interior]) == [K.REPORT_DUE_3]
    assert kinds(reporters[elsewhere]) == []  # a division of another commune


def test_a_returned_report_tells_its_reporters_once_with_the_offices_comment(
    people, agencies, plan
):
    period = make_quarter(plan, 2026, 1)
    report = services.report_open(period=period, agency=agencies["kinhte"], user=people["reporter"])
    services.report_submit(report=report, user=people["reporter"])
    services.report_return(report=report, user=people["office"], comment="Bổ sung minh chứng")
    today = timezone.localdate()
    remind(today=today)
    remind(today=today)
    assert kinds(people["reporter"]) == [K.REPORT_RETURNED]
    assert kinds(people["vhxh"]) == [] and kinds(people["office"]) == []
    note = Notification.objects.get(user=people["reporter"])
    assert note.body == "Bổ sung minh chứng" and note.url == report.get_absolute_url()
    assert "bị trả lại" in mails_to("kinhte@xa.gov.vn")[0].body
    # returned again after a new submission: a new notice; long after: none
    services.report_submit(report=report, user=people["reporter"])
    services.report_return(report=report, user=people["office"], comment="Còn thiếu số liệu")
    remind(today=today + dt.timedelta(days=30))
    assert kinds(people["reporter"]).count(K.REPORT_RETURNED) == 1
    remind(today=today)
    assert kinds(people["reporter"]).count(K.REPORT_RETURNED) == 2


def test_an_answered_recommendation_tells_the_reporters_of_the_agency_that_sent_it(
    people, agencies, units, plan
):
    period = make_quarter(plan, 2026, 1)
    report = services.report_open(period=period, agency=agencies["kinhte"], user=people["reporter"])
    rec = services.recommendation_add(
        report=report, user=people["reporter"], text="Đề nghị cấp máy quét.",
        addressed_unit=units["commune"],
    )  # fmt: skip
    services.report_submit(report=report, user=people["reporter"])
    remind(today=timezone.localdate())
    assert K.RECOMMENDATION_ANSWERED not in kinds(people["reporter"])  # not answered yet
    services.recommendation_answer(
        recommendation=rec, user=people["office"], answer="Đã bố trí trong quý II."
    )
    remind(today=timezone.localdate())
    remind(today=timezone.localdate())
    answered = Notification.objects.filter(user=people["reporter"], kind=K.RECOMMENDATION_ANSWERED)
    assert [n.body for n in answered] == ["Đã bố trí trong quý II."]
    assert K.RECOMMENDATION_ANSWERED not in kinds(people["vhxh"])
