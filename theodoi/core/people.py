"""Who did something and when, as the pages say it ("bởi Nguyễn Văn A lúc 14:05 ngày 02/12/2026")."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def person_name(user) -> str:
    return (user.get_full_name() or user.username) if user is not None else "?"


def local_moment(at: dt.datetime) -> str:
    return f"{timezone.localtime(at):%H:%M ngày %d/%m/%Y}"


def saved_last(user, at: dt.datetime) -> str:
    """The line a person whose save came second reads."""
    return f"Lần lưu gần nhất: {person_name(user)}, lúc {local_moment(at)}."


def at_and_by(at: dt.datetime | None, user) -> str:
    """ " lúc … bởi …", each part only when known."""
    when = f" lúc {local_moment(at)}" if at else ""
    return when + (f" bởi {person_name(user)}" if user is not None else "")
