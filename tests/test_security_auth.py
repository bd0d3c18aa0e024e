"""Authentication: Argon2 hashing, password policy, login lockout, HTTPS settings, security
headers and the Content-Security-Policy, API token revocation."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command

from tests.conftest import PASSWORD

ROOT = Path(__file__).resolve().parent.parent


def _settings_with(env: dict) -> dict:
    """theodoi.settings as a fresh process with `env` sees it."""
    code = (
        "import json, theodoi.settings as s; print(json.dumps({k: getattr(s, k) for k in dir(s)"
        " if k.isupper() and isinstance(getattr(s, k), (bool, int, str, list, tuple))}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        env={"PATH": "/usr/bin:/bin", "THEODOI_DEV": "1", "HOME": str(ROOT), **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout)


# --- passwords -----------------------------------------------------------------------------


def test_argon2_is_the_first_hasher():
    values = _settings_with({})
    assert values["PASSWORD_HASHERS"][0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_argon2_hashes_and_checks(settings):
    from django.contrib.auth.hashers import check_password, make_password

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    encoded = make_password("mot-mat-khau-dai-2025")
    assert encoded.startswith("argon2$argon2id$")
    assert check_password("mot-mat-khau-dai-2025", encoded)
    assert not check_password("sai", encoded)


def test_old_hashes_are_upgraded_to_argon2_on_login(db, client, settings):
    from theodoi.accounts.models import User

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    user = User.objects.create_user(username="cu", password=PASSWORD)
    assert user.password.startswith("md5$")
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]
    response = client.post("/dang-nhap/", {"username": "cu", "password": PASSWORD})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$")


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Ngan-1", "ít nhất 10 ký tự"),
        ("12345678901234", "chỉ gồm chữ số"),
        ("password1234", "quá phổ biến"),
    ],
)
def test_password_policy_in_vietnamese(db, password, message):
    with pytest.raises(ValidationError) as exc:
        validate_password(password)
    assert any(message in m for m in exc.value.messages), exc.value.messages


def test_password_too_close_to_the_user_name(db):
    from theodoi.accounts.models import User

    user = User(username="nguyenvanbinh", full_name="Nguyễn Văn Bình")
    with pytest.raises(ValidationError) as exc:
        validate_password("nguyenvanbinh", user)
    assert any("quá giống" in m for m in exc.value.messages)


def test_a_good_password_passes(db):
    validate_password("Ke-hoach-57-an-toan")


# --- lockout -------------------------------------------------------------------------------


def _try(client, username, password, ip="10.0.0.1"):
    return client.post("/dang-nhap/", {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_lockout_after_five_failures_with_vietnamese_page(client, users):
    for _ in range(4):
        assert _try(client, "vp.vinhlai", "sai-mat-khau").status_code == 200
    locked = _try(client, "vp.vinhlai", "sai-mat-khau")
    assert locked.status_code == 429
    body = locked.content.decode()
    assert "Tạm khóa đăng nhập" in body
    assert "15 phút" in body
    # Even the right password is refused while locked out.
    again = _try(client, "vp.vinhlai", PASSWORD)
    assert again.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_user_and_address(client, users):
    for _ in range(5):
        _try(client, "vp.vinhlai", "sai-mat-khau")
    assert _try(client, "vp.vinhlai", PASSWORD).status_code == 429
    # Another person at the same address, and the same person elsewhere, still log in.
    assert _try(client, "lanhdao", PASSWORD).status_code == 302
    client.logout()
    assert _try(client, "vp.vinhlai", PASSWORD, ip="10.0.0.2").status_code == 302


def test_success_resets_the_failure_count(client, users):
    for _ in range(4):
        _try(client, "vp.vinhlai", "sai-mat-khau")
    assert _try(client, "vp.vinhlai", PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        assert _try(client, "vp.vinhlai", "sai-mat-khau").status_code == 200
    assert _try(client, "vp.vinhlai", PASSWORD).status_code == 302


def test_admin_can_unlock(client, users):
    for _ in range(5):
        _try(client, "vp.vinhlai", "sai-mat-khau")
    assert _try(client, "vp.vinhlai", PASSWORD).status_code == 429
    call_command("axes_reset_username", "vp.vinhlai")
    assert _try(client, "vp.vinhlai", PASSWORD).status_code == 302


def test_api_token_endpoint_is_throttled_too(client, users):
    for _ in range(5):
        response = client.post(
            "/api/auth/token/",
            {"username": "vp.vinhlai", "password": "sai"},
            REMOTE_ADDR="10.0.0.9",
        )
    ok = client.post(
        "/api/auth/token/", {"username": "vp.vinhlai", "password": PASSWORD}, REMOTE_ADDR="10.0.0.9"
    )
    assert response.status_code == 400
    # Locked out: even the right password gets no token (400, as for a wrong password).
    assert ok.status_code in (400, 403, 429)
    assert "token" not in ok.json()
    other_ip = client.post(
        "/api/auth/token/", {"username": "vp.vinhlai", "password": PASSWORD}, REMOTE_ADDR="10.0.0.8"
    )
    assert "token" in other_ip.json()


# --- HTTPS, cookies, headers ---------------------------------------------------------------


def test_https_settings_follow_the_environment():
    plain = _settings_with({})
    assert not plain["SESSION_COOKIE_SECURE"]
    assert not plain["SECURE_SSL_REDIRECT"]
    https = _settings_with({"THEODOI_HTTPS": "1"})
    assert https["SESSION_COOKIE_SECURE"] and https["CSRF_COOKIE_SECURE"]
    assert https["SECURE_SSL_REDIRECT"]
    assert https["SECURE_HSTS_SECONDS"] >= 31536000
    assert https["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert https["SESSION_COOKIE_HTTPONLY"]
    # DEBUG never runs with HTTPS hardening half on.
    debug = _settings_with({"THEODOI_HTTPS": "1", "THEODOI_DEBUG": "1"})
    assert not debug["SECURE_SSL_REDIRECT"]


def test_https_redirect_and_hsts(client, settings, users):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    plain = client.get("/dang-nhap/")
    assert plain.status_code == 301
    assert plain["Location"].startswith("https://")
    secure = client.get("/dang-nhap/", HTTP_X_FORWARDED_PROTO="https")
    assert secure.status_code == 200
    assert "max-age=31536000" in secure["Strict-Transport-Security"]


def test_security_headers_on_pages(login, users, plan):
    response = login(users["office"]).get(f"/ke-hoach/{plan.pk}/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    csp = dict(
        (part.split(" ", 1) + [""])[:2] for part in response["Content-Security-Policy"].split("; ")
    )
    assert csp["default-src"] == "'self'"
    assert csp["script-src"] == "'self'"
    assert "unsafe-inline" not in csp["script-src"] and "unsafe-eval" not in csp["script-src"]
    assert csp["style-src"] == "'self'"
    assert csp["frame-ancestors"] == "'none'"
    assert csp["object-src"] == "'none'"


def test_csp_also_on_public_and_api_pages(client, plan):
    for url in ("/bang-dieu-khien/cong-khai/", "/dang-nhap/", "/api/schema/"):
        assert "default-src 'self'" in client.get(url)["Content-Security-Policy"]


def test_session_cookie_is_httponly_and_lax(client, users):
    response = client.post("/dang-nhap/", {"username": "vp.vinhlai", "password": PASSWORD})
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"


def _templates():
    return sorted((ROOT / "theodoi").glob("**/templates/**/*.html"))


def test_templates_have_no_inline_scripts_or_handlers():
    offenders = []
    for path in _templates():
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"<script\b([^>]*)>", text, re.I):
            if "src=" not in match.group(1):
                offenders.append(f"{path}: inline <script>")
        if re.search(r"<style\b", text, re.I):
            offenders.append(f"{path}: <style> element")
        if re.search(r"\son[a-z]+\s*=", text, re.I):
            offenders.append(f"{path}: inline event handler")
        if re.search(r"(href|src|action)\s*=\s*[\"']\s*javascript:", text, re.I):
            offenders.append(f"{path}: javascript: URL")
        if "hx-on" in text or "js:" in text:
            offenders.append(f"{path}: htmx inline JavaScript")
    assert not offenders, offenders


def test_htmx_does_not_inject_styles_or_eval():
    base = (ROOT / "theodoi/core/templates/base.html").read_text(encoding="utf-8")
    match = re.search(r'<meta name="htmx-config" content=\'([^\']+)\'', base)
    assert match
    config = json.loads(match.group(1))
    assert config["includeIndicatorStyles"] is False
    assert config["allowEval"] is False


# --- API tokens ----------------------------------------------------------------------------


def _token(user):
    from rest_framework.authtoken.models import Token

    return Token.objects.create(user=user).key


def test_revoke_tokens_command(client, users, plan):
    key = _token(users["office"])
    other = _token(users["leader"])
    headers = {"HTTP_AUTHORIZATION": f"Token {key}"}
    assert client.get("/api/plans/", **headers).status_code == 200
    call_command("revoke_tokens", "vp.vinhlai")
    assert client.get("/api/plans/", **headers).status_code == 401
    assert client.get("/api/plans/", HTTP_AUTHORIZATION=f"Token {other}").status_code == 200
    call_command("revoke_tokens", "--all")
    assert client.get("/api/plans/", HTTP_AUTHORIZATION=f"Token {other}").status_code == 401


def test_revoke_tokens_unknown_user(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Không có người dùng"):
        call_command("revoke_tokens", "khong-ton-tai")


def test_password_change_and_deactivation_revoke_tokens(users):
    from rest_framework.authtoken.models import Token

    office, leader = users["office"], users["leader"]
    _token(office)
    _token(leader)
    office.set_password("mat-khau-moi-an-toan-2026")
    office.save()
    assert not Token.objects.filter(user=office).exists()
    leader.is_active = False
    leader.save()
    assert not Token.objects.filter(user=leader).exists()


def test_hash_upgrade_on_login_keeps_tokens(client, users, settings):
    from rest_framework.authtoken.models import Token

    _token(users["office"])
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]
    assert (
        client.post("/dang-nhap/", {"username": "vp.vinhlai", "password": PASSWORD}).status_code
        == 302
    )
    users["office"].refresh_from_db()
    assert users["office"].password.startswith("pbkdf2_sha1$")
    assert Token.objects.filter(user=users["office"]).exists()
