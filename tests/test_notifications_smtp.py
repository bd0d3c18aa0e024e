"""`theodoi remind` against a real SMTP server (aiosmtpd on a free loopback port): each staged
reminder arrives once, to the right people, and the in-app counter shows it."""

from __future__ import annotations

import email
import email.policy
import socket
import threading

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.urls import reverse

from tests.conftest import make_quarter, make_user
from theodoi.accounts.choices import Role
from theodoi.notifications.models import Notification


class Inbox:
    """An aiosmtpd handler that keeps every message it is given."""

    def __init__(self):
        self.messages: list[tuple[list[str], email.message.EmailMessage]] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.messages.append((list(envelope.rcpt_tos), message))
        return "250 OK"

    def to(self, address: str) -> list[str]:
        with self.lock:
            return [
                m.get_body(("plain",)).get_content() for rcpt, m in self.messages if address in rcpt
            ]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp(settings):
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS, settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD = False, "", ""
    settings.DEFAULT_FROM_EMAIL = "theodoi <nhacviec@theodoi.test>"
    yield inbox, controller
    controller.stop()


@pytest.fixture
def people(users, units, agencies):
    users["reporter"].email = "kinhte@xa.gov.vn"
    users["reporter"].save()
    users["office"].email = "vanphong@xa.gov.vn"
    users["office"].save()
    vhxh = make_user(
        "cb.vhxh", Role.REPORTER, units["commune"], agencies["vhxh"], email="vhxh@xa.gov.vn"
    )
    outsider = make_user(
        "cb.khac",
        Role.REPORTER,
        units["other"],
        agencies["other_kinhte"],
        email="kinhte@xakhac.gov.vn",
    )
    return {**users, "vhxh": vhxh, "outsider": outsider}


STAGES = [
    ("2026-03-08", "còn 7 ngày"),
    ("2026-03-12", "còn 3 ngày"),
    ("2026-03-14", "còn 1 ngày"),
    ("2026-03-16", "đã quá hạn nộp"),
]


def test_each_staged_reminder_arrives_once_and_the_counter_shows_it(smtp, people, plan, client):
    inbox, _ = smtp
    make_quarter(plan, 2026, 1)  # due 15/03/2026
    for day, _ in STAGES:
        call_command("remind", "--date", day)
        call_command("remind", "--date", day)  # a second run sends nothing
    for address in ("kinhte@xa.gov.vn", "vhxh@xa.gov.vn"):
        bodies = inbox.to(address)
        assert len(bodies) == len(STAGES), address
        for body, (_, words) in zip(bodies, STAGES, strict=True):
            assert words in body and "Quý I/2026" in body
    assert inbox.to("vanphong@xa.gov.vn") == [] and inbox.to("kinhte@xakhac.gov.vn") == []
    assert all(m["From"] == "theodoi <nhacviec@theodoi.test>" for _, m in inbox.messages)

    client.force_login(people["reporter"])
    url = reverse("notifications:list")
    badge = client.get(url, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="notifications-badge")
    assert ">4<" in badge.content.decode()
    page = client.get(url).content.decode()
    assert page.count("Quý I/2026") == 4 and "4 chưa đọc" in page


def test_a_server_that_refuses_keeps_nothing_and_the_next_run_sends(
    smtp, people, plan, settings, capsys
):
    inbox, _ = smtp
    make_quarter(plan, 2026, 1)
    listening = settings.EMAIL_PORT
    settings.EMAIL_PORT = free_port()  # nobody listens there
    call_command("remind", "--date", "2026-03-08")
    assert "Không gửi được email cho 2 người dùng" in capsys.readouterr().out
    assert Notification.objects.count() == 0
    settings.EMAIL_PORT = listening
    call_command("remind", "--date", "2026-03-08")
    assert len(inbox.to("kinhte@xa.gov.vn")) == 1 and len(inbox.to("vhxh@xa.gov.vn")) == 1
    assert Notification.objects.count() == 2
