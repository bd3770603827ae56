"""Every form of every page, sent with what a careless hand or an attacker could type: never a 5xx (issue 15).

The forms are not listed by hand. The walk opens each page of `tests.test_every_page.PAGES` (every URL, in
each state of each workflow) as each role that may open it, reads every POST form on the page (its action,
its inputs, selects and text areas, with their types and options), and sends each form the values
hypothesis draws for those fields: the page's own values, other options, empty ones, and hostile ones (NUL
characters, very long text, numbers out of range or not numbers at all, impossible dates, files that are
not what they claim). Each answer must be below 500; the first one that is not is shrunk to its smallest
example and reported with the form and the role.
"""

import logging
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tests.awards.conftest import PDF
from tests.test_every_page import PAGES, ROLES, VIEWING, _quiet, user_for, world  # noqa: F401 (fixture)

# Values no field should ever choke on.
HOSTILE_TEXT = [
    "",
    " ",
    "\x00",
    "abc\x00def",
    "x" * 20_000,
    "-1",
    "0",
    "1e309",
    "99999999999999999999999",
    "NaN",
    "０１",  # full-width digits
    "=1+1",
    "<script>alert(1)</script>",
    "'; DROP TABLE x; --",
    "Nguyễn Văn Ân",
]
HOSTILE_DATES = ["0001-01-01", "9999-12-31", "2018-02-30", "31/12/2018", "2018-13-01", "abc", ""]
HOSTILE_DATETIMES = ["0001-01-01T00:00", "9999-12-31T23:59", "2018-11-31T10:00", "2018-11-10T25:00", "x"]
FILES = [b"", PDF, b"%PDF-1.4\n<html><script>x</script>", b"PK\x03\x04garbage", b"\x00" * 64]
EXAMPLES_PER_FORM = 12


@dataclass
class Field:
    name: str
    kind: str  # input type, "select", "select-multiple" or "textarea"
    value: str = ""
    options: list[str] = field(default_factory=list)


@dataclass
class Form:
    action: str
    multipart: bool
    fields: dict[str, Field] = field(default_factory=dict)

    def signature(self):
        return (self.action, tuple(sorted((f.name, f.kind) for f in self.fields.values())))


class FormParser(HTMLParser):
    """The POST forms of a page with their fields, as a browser would send them."""

    def __init__(self, page_url):
        super().__init__()
        self.page_url, self.forms, self.form, self.select = page_url, [], None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "get").lower() == "post":
            action = urlsplit(urljoin("http://testserver" + self.page_url, attrs.get("action") or ""))
            self.form = Form(action.path, (attrs.get("enctype") or "") == "multipart/form-data")
            self.forms.append(self.form)
        if self.form is None or not attrs.get("name"):
            if tag == "option" and self.select is not None:
                self.select.options.append(attrs.get("value", ""))
            return
        name = attrs["name"]
        if tag == "input":
            kind = (attrs.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "reset"):
                return
            previous = self.form.fields.get(name)
            if previous is not None and kind in ("radio", "checkbox"):
                previous.options.append(attrs.get("value", "on"))
                return
            options = [attrs.get("value", "on")] if kind in ("radio", "checkbox") else []
            self.form.fields[name] = Field(name, kind, attrs.get("value", ""), options)
        elif tag == "select":
            kind = "select-multiple" if "multiple" in attrs else "select"
            self.select = self.form.fields[name] = Field(name, kind)
        elif tag == "textarea":
            self.form.fields[name] = Field(name, "textarea")

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "select":
            self.select = None


def _strategy(field_: Field):
    """What one field may carry: its own value or options most of the time, anything hostile otherwise."""
    text = st.sampled_from(HOSTILE_TEXT) | st.text(max_size=40)
    if field_.name == "csrfmiddlewaretoken":
        return st.just(field_.value)
    if field_.kind in ("select", "radio"):
        return st.sampled_from(field_.options or [""]) | text
    if field_.kind in ("select-multiple", "checkbox"):
        chosen = st.lists(st.sampled_from(field_.options or ["on"]), max_size=3)
        return chosen | st.lists(text, max_size=2) | st.none()
    if field_.kind == "number":
        return st.integers(-(10**12), 10**12).map(str) | text
    if field_.kind == "date":
        return st.sampled_from(HOSTILE_DATES) | st.dates().map(lambda d: d.isoformat()) | text
    if field_.kind == "datetime-local":
        return st.sampled_from(HOSTILE_DATETIMES) | st.datetimes().map(lambda d: d.strftime("%Y-%m-%dT%H:%M"))
    if field_.kind == "file":
        return st.sampled_from(FILES).map(lambda content: SimpleUploadedFile("tep.pdf", content)) | st.none()
    if field_.kind == "hidden":
        return st.just(field_.value) | text
    return st.just(field_.value) | text


def _forms_to_fuzz(world):  # noqa: F811 (the fixture, passed on)
    """Each distinct POST form of the site, with one role that sees it and the page it was found on."""
    found = {}
    clients = {}
    with time_machine.travel(VIEWING, tick=False), _quiet(logging.getLogger("django.request")):
        for name, cases in PAGES.items():
            for case in cases(world):
                url = reverse(name, args=case.args) + (f"?{case.query}" if case.query else "")
                for role in ROLES:
                    if case.expected[role] != 200 or role == "anonymous":
                        continue
                    user = user_for(world, role, case.owner)
                    if user.username not in clients:
                        clients[user.username] = Client(raise_request_exception=False)
                        clients[user.username].force_login(user)
                    response = clients[user.username].get(url)
                    if response.streaming or not response.get("Content-Type", "").startswith("text/html"):
                        if response.streaming:
                            b"".join(response.streaming_content)
                        continue
                    parser = FormParser(url)
                    parser.feed(response.content.decode())
                    for form in parser.forms:
                        if form.action == reverse("logout"):
                            continue
                        found.setdefault((form.signature(), role), (form, user, url))
    return list(found.values())


def _fuzzer(client, form, user, page, sent):
    """The hypothesis test of one form: send it drawn values, as `user`; fail on any answer of 500 or more."""
    strategy = st.fixed_dictionaries({f.name: _strategy(f) for f in form.fields.values()})
    request_log = logging.getLogger("django.request")

    @hypothesis_settings(
        max_examples=EXAMPLES_PER_FORM,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(values=strategy)
    def send(values):
        data = {name: value for name, value in values.items() if value is not None}
        with time_machine.travel(VIEWING, tick=False), _quiet(request_log):
            response = client.post(form.action, data)
        sent[response.status_code // 100] = sent.get(response.status_code // 100, 0) + 1
        error = getattr(response, "exc_info", None)
        assert response.status_code < 500, (
            f"{user.username} POST {form.action} (form on {page}) -> {response.status_code}: "
            f"{error[0].__name__ + ': ' + str(error[1]) if error else ''}"
        )

    return send


def test_no_form_answers_a_server_error_whatever_it_is_sent(world):  # noqa: F811 (the fixture)
    forms = _forms_to_fuzz(world)
    assert len(forms) > 40, f"the walk found only {len(forms)} forms: is the crawl broken?"
    client = Client(raise_request_exception=False)
    sent = {}
    for form, user, page in forms:
        client.force_login(user)
        _fuzzer(client, form, user, page, sent)()
    print(
        f"{len(forms)} forms, {sum(sent.values())} posts: "
        + ", ".join(f"{k}xx {v}" for k, v in sorted(sent.items()))
    )


@pytest.mark.django_db
def test_the_form_reader_finds_fields_options_and_files():
    parser = FormParser("/a/")
    parser.feed(
        '<form method="post" action="x/" enctype="multipart/form-data"><input name="csrfmiddlewaretoken" '
        'type="hidden" value="t"><select name="s"><option value="">—</option><option value="2">B</option>'
        '</select><input type="radio" name="r" value="yes"><input type="radio" name="r" value="no">'
        '<input type="file" name="f"><textarea name="t"></textarea><button>OK</button></form>'
        '<form method="get"><input name="q"></form>'
    )
    (form,) = parser.forms
    assert form.action == "/a/x/"
    assert form.multipart
    assert {name: (f.kind, f.options) for name, f in form.fields.items()} == {
        "csrfmiddlewaretoken": ("hidden", []),
        "s": ("select", ["", "2"]),
        "r": ("radio", ["yes", "no"]),
        "f": ("file", []),
        "t": ("textarea", []),
    }
