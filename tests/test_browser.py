"""A person's path through the app in Debian's chromium, driven by Playwright."""

from __future__ import annotations

import os
import shutil

import pytest

from tests.conftest import PASSWORD

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page():
    if not os.path.exists(CHROMIUM):
        if os.environ.get("THEODOI_REQUIRE_BROWSER"):
            pytest.fail("Debian's chromium is missing: run scripts/ensure-chromium.sh")
        pytest.skip("chromium is not installed")
    from playwright.sync_api import sync_playwright

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        context = browser.new_context(locale="vi-VN")
        yield context.new_page()
        browser.close()


def test_login_then_plan_then_task(live_server, users, plan, page):
    page.goto(f"{live_server.url}/")
    page.fill("#id_username", "vp.vinhlai")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/ke-hoach/")

    page.fill("input[name=q]", "chuyen doi so")  # the HTMX filter, no diacritics typed
    page.wait_for_selector("#object-table a:has-text('Kế hoạch thực hiện chuyển đổi số')")
    page.click("#object-table a:has-text('Kế hoạch thực hiện chuyển đổi số')")
    page.wait_for_selector("h1:has-text('Kế hoạch 12/KH-UBND')")
    assert page.is_visible("text=Nâng cao nhận thức")

    page.click("text=Xây dựng chương trình tuyên truyền về chuyển đổi số")
    page.wait_for_selector("h1:has-text('Nhiệm vụ 1.1')")
    assert page.is_visible("dd >> text=Phòng Văn hóa - Xã hội")
    assert page.is_visible("text=Tháng 10/2025")

    page.go_back()
    page.click("button:has-text('Chỉ tiêu (1)')")
    assert page.is_visible("text=Tỷ lệ giao dịch không dùng tiền mặt")
