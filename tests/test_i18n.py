"""The English catalogue is complete, in step with the code, compiled, and actually used.

The interface is written in Chinese (the msgids) and must read entirely in English when a user
picks English. These tests fail when

- an entry of ``locale/en/LC_MESSAGES/django.po`` is untranslated or fuzzy, loses a placeholder,
  or was left in Chinese;
- a developer marks a new string for translation (or changes one) without adding its English
  translation: ``makemessages`` is run on a copy of the sources against a copy of the catalogue;
- the compiled ``django.mo`` is older than the ``.po``;
- pages chosen in English through ``/i18n/setlang/`` still show Chinese interface text.

Only the standard library and gettext's ``msgfmt`` (a declared system dependency) are used.
"""

from __future__ import annotations

import dataclasses
import datetime
import html.parser
import pathlib
import re
import shutil
import subprocess

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

BASE_DIR = pathlib.Path(settings.BASE_DIR)
PO_PATH = BASE_DIR / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO_PATH = PO_PATH.with_suffix(".mo")
#: The same ``--ignore`` options as the documented command:
#: ``manage.py makemessages -l en --ignore=.venv --ignore=node_modules --ignore=test-results``.
IGNORE_PATTERNS = [".venv", "node_modules", "test-results"]
SOURCE_SUFFIXES = {".py", ".html", ".txt"}  # makemessages' default domain "django"
FIX_HINT = (
    "run `manage.py makemessages -l en --ignore=.venv --ignore=node_modules "
    "--ignore=test-results --no-obsolete`, translate the new entries in "
    "locale/en/LC_MESSAGES/django.po (no empty msgstr, no `#, fuzzy`), then "
    "`manage.py compilemessages --ignore=.venv`"
)

CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
PLACEHOLDER = re.compile(r"%\([^)]+\)[#0 +\-]*\d*(?:\.\d+)?[sdifr]|%[sdifr]")
#: Chinese quoted in a msgid as an example of a value (如“建”“纠违”) may stay in the msgstr.
QUOTED = re.compile(r"“[^”]*”")


# A small .po reader (polib is not a dependency).

@dataclasses.dataclass
class Entry:
    msgid: str
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = dataclasses.field(default_factory=dict)
    flags: set[str] = dataclasses.field(default_factory=set)
    references: list[str] = dataclasses.field(default_factory=list)
    obsolete: bool = False

    @property
    def key(self) -> tuple[str | None, str]:
        return self.msgctxt, self.msgid

    @property
    def where(self) -> str:
        return ", ".join(self.references[:3]) or "?"

    def __str__(self) -> str:
        return f"{self.msgid!r} ({self.where})"


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b",
            "f": "\f", "v": "\v"}
_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+"(.*)"\s*$')
_CONTINUATION = re.compile(r'^"(.*)"\s*$')


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), text)


def parse_po(text: str) -> list[Entry]:
    """Entries of a .po file in order, the header (msgid "") included."""
    entries: list[Entry] = []
    entry: Entry | None = None
    field: tuple[str, int | None] | None = None

    def finish() -> None:
        nonlocal entry, field
        if entry is not None:
            entries.append(entry)
        entry, field = None, None

    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            finish()
            continue
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].strip()
        elif line.startswith("#"):
            if entry is not None and field is not None:  # a comment after the strings
                finish()
            if entry is None:
                entry = Entry(msgid="")
            if line.startswith("#,"):
                entry.flags.update(f.strip() for f in line[2:].split(",") if f.strip())
            elif line.startswith("#:"):
                entry.references.extend(line[2:].split())
            continue
        match = _KEYWORD.match(line)
        if match:
            keyword, index, value = match.groups()
            if keyword in ("msgctxt", "msgid") and entry is not None and field is not None \
                    and field[0].startswith("msgstr"):
                finish()
            if entry is None:
                entry = Entry(msgid="")
            entry.obsolete = entry.obsolete or obsolete
            name = "msgstr" if keyword.startswith("msgstr") else keyword
            field = (name, int(index) if index is not None else (0 if name == "msgstr" else None))
            _append(entry, field, _unescape(value), reset=True)
            continue
        match = _CONTINUATION.match(line)
        if match and entry is not None and field is not None:
            _append(entry, field, _unescape(match.group(1)), reset=False)
            continue
        raise ValueError(f"cannot parse .po line: {raw!r}")
    finish()
    return entries


def _append(entry: Entry, field: tuple[str, int | None], value: str, *, reset: bool) -> None:
    name, index = field
    if name == "msgstr":
        entry.msgstr[index] = ("" if reset else entry.msgstr.get(index, "")) + value
    else:
        setattr(entry, name, ("" if reset else getattr(entry, name) or "") + value)


def messages(entries: list[Entry]) -> list[Entry]:
    """The translatable messages: neither the header nor obsolete (#~) entries."""
    return [e for e in entries if e.msgid and not e.obsolete]


def problems(entries: list[Entry]) -> dict[str, list[str]]:
    """What makes a catalogue incomplete: untranslated or fuzzy messages."""
    found: dict[str, list[str]] = {"untranslated": [], "fuzzy": []}
    for e in messages(entries):
        forms = 2 if e.msgid_plural is not None else 1
        if any(not e.msgstr.get(i) for i in range(forms)):
            found["untranslated"].append(str(e))
        if "fuzzy" in e.flags:
            found["fuzzy"].append(str(e))
    return {k: v for k, v in found.items() if v}


@pytest.fixture(scope="module")
def catalogue() -> list[Entry]:
    assert PO_PATH.exists(), f"{PO_PATH} is missing: {FIX_HINT}"
    return parse_po(PO_PATH.read_text(encoding="utf-8"))


def _msgfmt() -> str:
    path = shutil.which("msgfmt")
    if path is None:
        pytest.fail("msgfmt (GNU gettext) is not installed: run scripts/system-deps.sh")
    return path


# (a) The committed catalogue is complete.

def test_parser_reads_the_catalogue(catalogue):
    header = [e for e in catalogue if not e.msgid]
    assert len(header) == 1 and "Plural-Forms: nplurals=2; plural=(n != 1);" in header[0].msgstr[0]
    assert "Language: en" in header[0].msgstr[0]
    assert "fuzzy" not in header[0].flags, "a fuzzy header is dropped by msgfmt; remove the flag"
    assert len(messages(catalogue)) > 100
    plural = [e for e in messages(catalogue) if e.msgid_plural is not None]
    assert plural and all(set(e.msgstr) == {0, 1} for e in plural)


def test_every_message_is_translated_and_not_fuzzy(catalogue):
    found = problems(catalogue)
    assert not found, f"incomplete English catalogue {found}: {FIX_HINT}"


def test_msgfmt_statistics_and_format_check():
    result = subprocess.run([_msgfmt(), "--check-format", "--statistics", "-o", "/dev/null",
                             str(PO_PATH)], capture_output=True, text=True, env={"LC_ALL": "C"},
                            check=False)
    report = result.stderr + result.stdout
    assert result.returncode == 0, report
    assert re.search(r"^\d+ translated messages?\.$", report.strip(), re.MULTILINE), report
    assert "untranslated" not in report and "fuzzy" not in report, report


def test_translations_keep_placeholders_and_are_in_english(catalogue):
    wrong = []
    for e in messages(catalogue):
        wanted = sorted(PLACEHOLDER.findall(e.msgid))
        for i, text in e.msgstr.items():
            source = e.msgid if i == 0 or e.msgid_plural is None else e.msgid_plural
            if sorted(PLACEHOLDER.findall(text)) != sorted(PLACEHOLDER.findall(source)):
                wrong.append(f"{e}: msgstr[{i}] placeholders {PLACEHOLDER.findall(text)} "
                             f"!= {wanted}")
            if CJK.search(QUOTED.sub("", text)):
                wrong.append(f"{e}: msgstr[{i}] {text!r} is still Chinese")
    assert not wrong, "\n".join(wrong)


def test_compiled_catalogue_is_up_to_date(tmp_path):
    """The .mo Django loads is what msgfmt makes of the committed .po (compilemessages was run)."""
    fresh = tmp_path / "django.mo"
    subprocess.run([_msgfmt(), "--check-format", "-o", str(fresh), str(PO_PATH)], check=True)
    assert MO_PATH.exists() and MO_PATH.read_bytes() == fresh.read_bytes(), (
        f"{MO_PATH} is missing or stale: run `manage.py compilemessages --ignore=.venv`")


# (b) Every string marked in the code has its English translation.

def _copy_sources(destination: pathlib.Path) -> None:
    """Copy what makemessages reads (.py, .html, .txt) without the folders it must not read."""
    skipped = {BASE_DIR / "locale"}
    for root in (settings.STATIC_ROOT, settings.MEDIA_ROOT, getattr(settings, "VAR_DIR", None)):
        if root:
            skipped.add(pathlib.Path(root).resolve())

    def ignore(folder: str, names: list[str]) -> set[str]:
        here = pathlib.Path(folder)
        return {
            name for name in names
            if name.startswith(".") or name in IGNORE_PATTERNS or name == "__pycache__"
            or (here / name).resolve() in skipped
            or ((here / name).is_file() and (here / name).suffix not in SOURCE_SUFFIXES)
        }

    shutil.copytree(BASE_DIR, destination, ignore=ignore, symlinks=True)


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory) -> list[Entry]:
    """The catalogue as ``makemessages --no-obsolete`` would leave it now: run on a copy of the
    sources, merging into a copy of the committed .po (the project's own files are untouched)."""
    _msgfmt()
    work = tmp_path_factory.mktemp("makemessages") / "src"
    _copy_sources(work)
    locale = work / "locale"
    (locale / "en" / "LC_MESSAGES").mkdir(parents=True)
    shutil.copy2(PO_PATH, locale / "en" / "LC_MESSAGES" / "django.po")
    with pytest.MonkeyPatch.context() as mp, override_settings(LOCALE_PATHS=[str(locale)]):
        mp.chdir(work)
        call_command("makemessages", locale=["en"], ignore_patterns=list(IGNORE_PATTERNS),
                     no_obsolete=True, verbosity=0)
    return parse_po((locale / "en" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8"))


def test_every_marked_string_has_an_english_translation(regenerated):
    """Fails when code or templates mark a string for translation that the catalogue lacks (or
    changed one: msgmerge then leaves a fuzzy guess)."""
    found = problems(regenerated)
    assert not found, f"strings marked for translation without English {found}: {FIX_HINT}"


def test_catalogue_has_no_stale_messages(catalogue, regenerated):
    """Every message in the catalogue is still used somewhere."""
    stale = {e.key for e in messages(catalogue)} - {e.key for e in messages(regenerated)}
    assert not stale, f"messages no longer in the code {sorted(stale, key=str)}: {FIX_HINT}"


# (c) A user who picks English gets English pages.

class _VisibleText(html.parser.HTMLParser):
    """Text a person can see or hear: text nodes and the labelling attributes."""

    ATTRIBUTES = {"title", "aria-label", "placeholder", "alt", "value"}

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs:
            if name in self.ATTRIBUTES and value and not (tag == "input" and name == "value"):
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.parts.append(data.strip())


def visible_text(content: bytes) -> str:
    parser = _VisibleText()
    parser.feed(content.decode())
    return "\n".join(parser.parts)


def chinese_left(text: str, data: list[str]) -> list[str]:
    """Lines still containing Chinese once the data shown on the page is taken out."""
    for value in sorted(data, key=len, reverse=True):
        text = text.replace(value, "")
    return [line for line in text.splitlines() if CJK.search(line)]


def choose_english(client, next_url: str):
    response = client.post(reverse("set_language"), {"language": "en", "next": next_url},
                           follow=True)
    assert response.status_code == 200
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    return response


@pytest.mark.django_db
def test_login_page_in_english(client):
    assert "登录" in client.get("/login/").content.decode()  # Chinese first
    response = choose_english(client, "/login/")
    page = visible_text(response.content)
    assert '<html lang="en">' in response.content.decode()
    for text in ("Log in", "Username", "Password",
                 "Procuratorial Supervision Case Management System"):
        assert text in page
    assert "登录" not in page
    assert chinese_left(page, ["简体中文"]) == []


def test_dashboard_in_english_for_a_supervisor(client, world):
    today = timezone.localdate()
    world.served(today - datetime.timedelta(days=120))  # one overdue instrument
    client.force_login(world.supervisor)
    dashboard = reverse("reporting:dashboard")
    chinese = visible_text(client.get(dashboard).content)
    assert "期限看板" in chinese and "Deadline dashboard" not in chinese

    response = choose_english(client, dashboard)
    assert response.redirect_chain[-1][0] == dashboard
    page = visible_text(response.content)
    for text in ("Deadline dashboard", "Awaiting reply", "Due within 7 days", "Due today",
                 "Overdue", "By procuratorate", "Procuratorate", "Log out", "Notifications",
                 "Case management / higher procuratorate",
                 f"Deadlines of instruments awaiting reply, as of {today.isoformat()}"):
        assert text in page, text
    assert "期限看板" not in page
    data = [p.name for p in type(world.city).objects.all()] + [str(world.supervisor), "简体中文"]
    data += [a.name for a in type(world.court).objects.all()]  # agency names are data
    # so are the departments and procurators of the breakdowns (as str() names them)
    from supervision.models import Department, User

    data += [str(d) for d in Department.objects.select_related("procuratorate")]
    data += [f"{d.procuratorate.short_name}·{d.name}" for d in
             Department.objects.select_related("procuratorate")]
    data += [str(u) for u in User.objects.all()]
    assert chinese_left(page, data) == []

    # The overdue list explains the due date in English too (the legal basis is data).
    overdue = visible_text(client.get(reverse("reporting:deadline-list", args=["overdue"])).content)
    assert "Overdue" in overdue and "Reply deadline" in overdue
    assert re.search(r"Service \d{4}-\d\d-\d\d · \d+ (day|month)s? \(《", overdue)
    assert "rule recommendation" not in overdue and "How this date is counted" in overdue
