"""The Vietnamese translation is complete; the committed .mo (for machines without gettext) matches it."""

import gettext
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "locale"
PO = LOCALE / "vi" / "LC_MESSAGES" / "django.po"
MO = LOCALE / "vi" / "LC_MESSAGES" / "django.mo"


def _unquote(lines):
    return (
        "".join(re.fullmatch(r'"(.*)"', line.strip()).group(1) for line in lines)
        .encode()
        .decode("unicode_escape")
        .encode("latin-1")
        .decode("utf-8")
    )


def parse_po(path: Path) -> list[dict]:
    """Entries of a .po file: msgid, msgid_plural, msgstr list, flags. Enough for our own files."""
    entries, entry, key = [], None, None
    for raw in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = raw.strip()
        if not line:
            if entry and "msgid" in entry:
                entries.append(entry)
            entry, key = None, None
            continue
        entry = entry or {"flags": "", "msgstr": {}}
        if line.startswith("#,"):
            entry["flags"] += line
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry["_lines"][key].append(line)
        else:
            word, rest = line.split(" ", 1)
            key = word
            entry.setdefault("_lines", {})[key] = [rest]
            if word == "msgid":
                entry["msgid"] = None
    for entry in entries:
        lines = entry.pop("_lines")
        entry["msgid"] = _unquote(lines["msgid"])
        entry["msgid_plural"] = _unquote(lines["msgid_plural"]) if "msgid_plural" in lines else None
        entry["msgstr"] = [_unquote(v) for k, v in sorted(lines.items()) if k.startswith("msgstr")]
    return [e for e in entries if e["msgid"]]


def test_every_message_has_a_vietnamese_translation():
    entries = parse_po(PO)

    untranslated = [e["msgid"] for e in entries if not all(e["msgstr"]) or "fuzzy" in e["flags"]]
    assert len(entries) > 100
    assert untranslated == []


def test_compiled_catalog_matches_the_po_file():
    with MO.open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)

    mismatched = [
        e["msgid"]
        for e in parse_po(PO)
        if (
            catalog.ngettext(e["msgid"], e["msgid_plural"], 2)
            if e["msgid_plural"]
            else catalog.gettext(e["msgid"])
        )
        != e["msgstr"][0]
    ]

    assert mismatched == []


@pytest.mark.skipif(
    shutil.which("xgettext") is None,
    reason="GNU gettext is not installed (apt-get install gettext): new messages cannot be looked for.",
)
def test_source_has_no_message_missing_from_the_po_file(tmp_path):
    # makemessages writes beside the sources it reads, so it runs on a copy of the project.
    copy = tmp_path / "project"
    shutil.copytree(
        settings.BASE_DIR,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv", ".git", "staticfiles", "media", "db.sqlite3", "__pycache__", "tests"
        ),
    )
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "--locale", "vi", "--no-obsolete", "--verbosity", "0"],
        cwd=copy,
        env={**os.environ, "DEBUG": "true", "DJANGO_SETTINGS_MODULE": "emulation.settings"},
        check=True,
    )

    po = copy / "locale" / "vi" / "LC_MESSAGES" / "django.po"
    missing = [e["msgid"] for e in parse_po(po) if not all(e["msgstr"]) or "fuzzy" in e["flags"]]
    assert missing == [], "run `make messages` and translate these"


def test_every_aria_label_in_the_templates_is_translated():
    """An aria-label written as literal text is English a screen reader reads out (issue 9)."""
    literal = re.compile(r'aria-label="(?!\{)([^"]*)"')
    found = [
        f"{path.relative_to(settings.BASE_DIR)}: {match.group(1)}"
        for path in (Path(settings.BASE_DIR) / "templates").rglob("*.html")
        for match in literal.finditer(path.read_text(encoding="utf-8"))
    ]
    assert not found, found
