"""Debian's chromium driven by Playwright, shared by the browser tests.

One browser per test module (`browser` fixture); each test gets a fresh context and page
(`page` fixture), so cookies never leak from one test to the next; `session` logs in and out,
`dialogs` answers confirm() dialogs. A test module uses them with
`pytest_plugins = ["tests.browser"]` (and does not import this module, which pytest loads)."""

from __future__ import annotations

import contextlib
import os
import shutil

import pytest

from tests.conftest import PASSWORD

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        if os.environ.get("THEODOI_REQUIRE_BROWSER"):
            pytest.fail("Debian's chromium is missing: run scripts/ensure-chromium.sh")
        pytest.skip("chromium is not installed")
    from playwright.sync_api import sync_playwright

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


# what "Gửi báo cáo" asks first (reporting/_report_actions.html): answered yes by default in
# browser tests, which send reports all the time; tests/test_browser_confirm.py says no
SUBMIT_QUESTION = "Gửi báo cáo cho cơ quan thường trực?"


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="vi-VN")
    context.set_default_timeout(30_000)  # a loaded 2-core machine renders a dashboard slowly
    opened = context.new_page()

    def default_answer(dialog) -> None:
        if getattr(opened, "theodoi_dialogs", None) is not None:
            return  # the test's Dialogs answers
        if dialog.message.startswith(SUBMIT_QUESTION):
            dialog.accept()
        else:
            dialog.dismiss()

    opened.on("dialog", default_answer)
    yield opened
    # the live server may still be answering the page's last request (a slow dashboard, an
    # HTMX call): let it finish before the test's data is flushed, or the flush finds tables
    # locked and the next tests inherit the data
    with contextlib.suppress(Exception):  # a page that never settles is closed all the same
        opened.wait_for_load_state("networkidle", timeout=15_000)
    context.close()


class Session:
    """Logs the page in and out of the live server as one of the test users."""

    def __init__(self, page, base: str):
        self.page = page
        self.base = base

    def login(self, username: str) -> None:
        self.page.goto(f"{self.base}/dang-nhap/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", PASSWORD)
        self.page.click("button[type=submit]")
        self.page.wait_for_load_state()

    def logout(self) -> None:
        self.page.click("text=Đăng xuất")
        self.page.wait_for_url("**/dang-nhap/")


@pytest.fixture
def session(page, live_server) -> Session:
    return Session(page, live_server.url)


class Dialogs:
    """Answers the page's confirm() dialogs: dismissed unless `accept` is set (Playwright's own
    default is to dismiss them), the report submission's accepted unless `accept_submit` is
    unset; `messages` collects what they asked."""

    def __init__(self, page):
        self.accept = False
        self.accept_submit = True  # "Gửi báo cáo" asks first: yes, unless a test says no
        self.messages: list[str] = []
        page.theodoi_dialogs = self
        page.on("dialog", self._answer)

    def _answer(self, dialog) -> None:
        self.messages.append(dialog.message)
        if self.accept or (self.accept_submit and dialog.message.startswith(SUBMIT_QUESTION)):
            dialog.accept()
        else:
            dialog.dismiss()


@pytest.fixture
def dialogs(page) -> Dialogs:
    return Dialogs(page)


FORM_DATA = """form => {
  const out = {};
  for (const [name, value] of new FormData(form)) {
    if (name === "csrfmiddlewaretoken" || name === "version" || value instanceof File) continue;
    (out[name] = out[name] || []).push(value);
  }
  return out;
}"""


def form_data(page, selector: str = "main form[method=post]") -> dict[str, list[str]]:
    """What the browser would post from the form, field by field (the CSRF token, the stale-form
    version and files left out): a page shows a value back unchanged exactly when this is equal
    before saving and after reloading."""
    return page.eval_on_selector(selector, FORM_DATA)
