"""The demo's mailbox: e-mail is kept, not sent, and the console says so in one line.

`DemoMailBackend` stores each message as an .eml file in DEV_MAIL_DIR and logs
"✉ To: … Subject: … — read it at <BASE_URL>/dev/mail/<id>/". The pages at /dev/mail/ list and
show what was sent. They exist only while DEBUG is on and this backend is the one configured
(what `python3 -m community demo` sets up); anywhere else they answer 404.
"""

import logging
import re
import uuid
from email import message_from_bytes, policy
from email.message import EmailMessage as ParsedMessage
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone

from community.core.links import absolute_url

logger = logging.getLogger("community.mail")

BACKEND = "community.core.dev_mail.DemoMailBackend"
# Names are a timestamp (so they sort by time) and a random suffix; nothing else is served.
MESSAGE_ID = re.compile(r"^[0-9]{8}T[0-9]{12}-[0-9a-f]{8}$")
LISTED = 200


def mail_dir() -> Path:
    return Path(settings.DEV_MAIL_DIR)


class DemoMailBackend(BaseEmailBackend):
    """Keeps every message for the /dev/mail/ pages and prints a one-line summary of it."""

    def send_messages(self, email_messages) -> int:
        folder = mail_dir()
        folder.mkdir(parents=True, exist_ok=True)
        sent = 0
        for message in email_messages:
            message_id = f"{timezone.now():%Y%m%dT%H%M%S%f}-{uuid.uuid4().hex[:8]}"
            (folder / f"{message_id}.eml").write_bytes(message.message().as_bytes())
            link = absolute_url(reverse("dev_mail:message", args=[message_id]))
            logger.info(
                "✉ To: %s  Subject: %s — read it at %s",
                ", ".join(message.recipients()),
                message.subject,
                link,
            )
            sent += 1
        return sent


def is_active() -> bool:
    return bool(settings.DEBUG) and settings.EMAIL_BACKEND == BACKEND


def _read(message_id: str) -> ParsedMessage:
    if not MESSAGE_ID.match(message_id):
        raise Http404("No such message.")
    file = mail_dir() / f"{message_id}.eml"
    if not file.is_file():
        raise Http404("No such message.")
    return message_from_bytes(file.read_bytes(), policy=policy.default)


def _body(parsed: ParsedMessage, subtype: str) -> str:
    part = parsed.get_body(preferencelist=(subtype,))
    return part.get_content() if part is not None else ""


def mailbox(request: HttpRequest) -> HttpResponse:
    if not is_active():
        raise Http404("The demo mailbox is off.")
    files = sorted(mail_dir().glob("*.eml"), reverse=True)[:LISTED] if mail_dir().is_dir() else []
    messages = []
    for file in files:
        parsed = message_from_bytes(file.read_bytes(), policy=policy.default)
        messages.append(
            {
                "id": file.stem,
                "to": parsed["To"],
                "subject": parsed["Subject"],
                "date": parsed["Date"],
            }
        )
    return render(request, "core/dev_mail/mailbox.html", {"messages": messages})


def message(request: HttpRequest, message_id: str) -> HttpResponse:
    if not is_active():
        raise Http404("The demo mailbox is off.")
    parsed = _read(message_id)
    context = {
        "id": message_id,
        "headers": [(name, parsed[name]) for name in ("From", "To", "Date", "Subject")],
        "text": _body(parsed, "plain"),
        "has_html": bool(_body(parsed, "html")),
    }
    return render(request, "core/dev_mail/message.html", context)


def message_html(request: HttpRequest, message_id: str) -> HttpResponse:
    if not is_active():
        raise Http404("The demo mailbox is off.")
    html = _body(_read(message_id), "html")
    if not html:
        raise Http404("This message has no HTML version.")
    response = HttpResponse(html)
    # Shown in a frame of the message page: no script, no forms, no access to the site.
    response["Content-Security-Policy"] = (
        "sandbox; default-src 'none'; img-src * data:; style-src 'unsafe-inline'"
    )
    response["X-Frame-Options"] = "SAMEORIGIN"
    return response


app_name = "dev_mail"
urlpatterns = [
    path("", mailbox, name="mailbox"),
    path("<str:message_id>/", message, name="message"),
    path("<str:message_id>/html/", message_html, name="message_html"),
]
