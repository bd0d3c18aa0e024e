"""Every page reachable by following links answers without a server error, for every role."""

import re
from urllib.parse import urljoin, urlparse

import pytest

from tests.conftest import make_quarter
from theodoi.reporting import services

LINK = re.compile(r'href="([^"#]+)"')
SKIP = ("/dang-xuat/", "/static/", "/quan-tri/", "/api/docs/", "/media/", "/van-ban/", "/du-lieu/")


@pytest.fixture
def reporting_data(users, agencies, plan):
    period = make_quarter(plan, 2026, 1)
    report = services.report_open(period=period, agency=agencies["kinhte"], user=users["reporter"])
    services.report_submit(report=report, user=users["reporter"])
    return report


@pytest.mark.parametrize("who", ["office", "reporter", "leader", "other_office", "nobody"])
def test_no_reachable_page_gives_a_server_error(login, users, reporting_data, who):
    client = login(users[who])
    seen, queue = set(), ["/"]
    while queue and len(seen) < 120:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url, follow=True)
        assert response.status_code < 500, url
        if "text/html" not in response.get("Content-Type", ""):
            continue
        for href in LINK.findall(response.content.decode()):
            target = urljoin(url, href.replace("&amp;", "&"))
            parsed = urlparse(target)
            if parsed.netloc or parsed.path.startswith(SKIP):
                continue
            queue.append(parsed.path + (f"?{parsed.query}" if parsed.query else ""))
    assert len(seen) > 3
