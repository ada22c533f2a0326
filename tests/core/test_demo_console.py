"""The demo's console says one useful line per thing that happened: one per request, one per
e-mail (kept in the demo mailbox, with a link to read it), and a missing page shows the site's
own 404 page, not Django's debug page."""

import subprocess

import pytest
from django.core.mail import EmailMultiAlternatives, send_mail
from django.urls import reverse

from community.core import dev_mail
from tests.fresh_process import run_python

pytestmark = pytest.mark.django_db

BODY = "Hello Ana,\n\nPriya Raman replied to “Why are my emails landing in Promotions?”"
SUBJECT = "Priya Raman replied to your topic"


@pytest.fixture
def demo_mail(settings, tmp_path):
    settings.DEBUG = True
    settings.EMAIL_BACKEND = dev_mail.BACKEND
    settings.DEV_MAIL_DIR = tmp_path / "mail"
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
    return settings.DEV_MAIL_DIR


def sent_message_id(caplog) -> str:
    (record,) = [r for r in caplog.records if r.name == "community.mail"]
    link = record.getMessage().rsplit(" ", 1)[-1]
    return link.rstrip("/").rsplit("/", 1)[-1]


def test_the_demo_mail_backend_prints_one_summary_line_and_keeps_the_message(
    demo_mail, caplog, capsys
):
    caplog.set_level("INFO", logger="community.mail")

    send_mail(SUBJECT, BODY, None, ["ana.souza@example.org"])

    (line,) = [r.getMessage() for r in caplog.records if r.name == "community.mail"]
    assert line.startswith("✉ To: ana.souza@example.org")
    assert f"Subject: {SUBJECT}" in line
    assert " — read it at http://127.0.0.1:8000/dev/mail/" in line
    assert "Hello Ana" not in line
    assert "Hello Ana" not in capsys.readouterr().out
    assert len(list(demo_mail.glob("*.eml"))) == 1


def test_a_kept_message_reads_in_the_mailbox(client, demo_mail, caplog, site_tree):
    caplog.set_level("INFO", logger="community.mail")
    message = EmailMultiAlternatives(SUBJECT, BODY, to=["ana.souza@example.org"])
    message.attach_alternative("<p>Hello Ana, <b>Priya</b> replied.</p>", "text/html")
    message.send()
    message_id = sent_message_id(caplog)

    listing = client.get(reverse("dev_mail:mailbox")).content.decode()
    shown = client.get(reverse("dev_mail:message", args=[message_id]))
    html = client.get(reverse("dev_mail:message_html", args=[message_id]))

    assert SUBJECT in listing
    assert shown.status_code == 200
    assert "Why are my emails landing in Promotions?" in shown.content.decode()
    assert html.status_code == 200
    assert "sandbox" in html["Content-Security-Policy"]


@pytest.mark.parametrize("message_id", ["../../etc/passwd", "nope", "20261206T070000000000-zzzz"])
def test_the_mailbox_serves_only_its_own_messages(client, demo_mail, site_tree, message_id):
    assert client.get(f"/dev/mail/{message_id}/").status_code == 404


@pytest.mark.parametrize(
    "debug, backend",
    [
        (True, "django.core.mail.backends.console.EmailBackend"),
        (True, "django.core.mail.backends.smtp.EmailBackend"),
        (False, dev_mail.BACKEND),
    ],
)
def test_the_mailbox_answers_404_outside_the_demo(client, settings, site_tree, debug, backend):
    settings.DEBUG = debug
    settings.EMAIL_BACKEND = backend

    assert client.get("/dev/mail/").status_code == 404


def test_a_missing_page_in_the_demo_shows_the_sites_404_page(client, settings, site_tree):
    settings.DEBUG = True
    settings.MIDDLEWARE = [
        *settings.MIDDLEWARE,
        "community.core.demo_console.SiteNotFoundMiddleware",
    ]

    response = client.get("/no-such-page/")

    assert response.status_code == 404
    content = response.content.decode()
    assert "We couldn't find that page" in content
    assert "Using the URLconf" not in content and "technical_404" not in content


# --- What the settings do in a fresh process, as `python3 -m community demo` starts it -------

LOG_SOME_REQUESTS = """
import logging, django
django.setup()
access = logging.getLogger("django.channels.server")
line = "HTTP %(method)s %(path)s %(status)s [%(time_taken).2f, %(client)s]"
for path, status in (("/forums/", 200), ("/static/community/css/site.css", 200), ("/nope/", 404)):
    access.info(line, {"method": "GET", "path": path, "status": status, "time_taken": 0.01,
                       "client": "127.0.0.1:50000"})
logging.getLogger("django.request").warning("Not Found: %s", "/nope/")
from django.conf import settings
print("EMAIL", settings.EMAIL_BACKEND)
print("MIDDLEWARE", "SiteNotFoundMiddleware" in " ".join(settings.MIDDLEWARE))
"""


def run_settings(**variables: str) -> subprocess.CompletedProcess:
    return run_python(
        "-c",
        LOG_SOME_REQUESTS,
        variables=variables,
        leave_out=("COMMUNITY_DEMO", "EMAIL_URL", "DEBUG", "LOG_LEVEL"),
    )


def test_each_request_is_logged_once():
    result = run_settings(DEBUG="on")

    assert result.returncode == 0, result.stderr
    assert result.stderr.count("GET /forums/ 200") == 1
    assert result.stderr.count("Not Found: /nope/") == 1


def test_the_demo_logs_one_line_per_page_and_keeps_its_mail():
    result = run_settings(DEBUG="on", COMMUNITY_DEMO="on")

    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert [line for line in lines if "/forums/" in line] == [lines[0]]
    assert sum("/nope/" in line for line in lines) == 1
    assert "site.css" not in result.stderr
    assert f"EMAIL {dev_mail.BACKEND}" in result.stdout
    assert "MIDDLEWARE True" in result.stdout
