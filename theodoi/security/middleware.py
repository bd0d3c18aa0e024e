"""Security headers the Django settings cannot set: Content-Security-Policy and friends.

The app serves every asset itself, so the policy allows only its own origin. No inline script
is allowed anywhere (templates carry none; htmx is configured through a <meta> tag). Style
*attributes* stay allowed (`style-src-attr 'unsafe-inline'`: progress bar widths, column widths)
but <style> elements and inline event handlers are not.
"""

from __future__ import annotations

from django.conf import settings

DEFAULT_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "style-src-attr": ["'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}

PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


def build_policy(policy: dict[str, list[str]]) -> str:
    return "; ".join(f"{name} {' '.join(values)}" for name, values in policy.items())


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        policy = getattr(settings, "THEODOI_CSP", DEFAULT_POLICY)
        self.header = build_policy(policy)
        self.report_only = getattr(settings, "THEODOI_CSP_REPORT_ONLY", False)

    def __call__(self, request):
        response = self.get_response(request)
        name = (
            "Content-Security-Policy-Report-Only" if self.report_only else "Content-Security-Policy"
        )
        if name not in response:
            response[name] = self.header
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response
