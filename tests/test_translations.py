"""English translation: the catalog is complete, compiled, and actually used.

Chinese (zh-hans) is the source and default language; English comes from
locale/en/LC_MESSAGES/django.po, compiled to django.mo (committed).
"""

import gettext
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from wagtail.users.models import UserProfile

from portal.credit_code import uscc_error
from portal.models import PenaltyRecord

LOCALE_DIR = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"
PO_PATH = LOCALE_DIR / "django.po"
MO_PATH = LOCALE_DIR / "django.mo"
PENALTY_URL = "/admin/snippets/portal/penaltyrecord/"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\{.*?\}\}")

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b"}


def _unquote(text: str) -> str:
    """The value of one PO string literal (without its surrounding quotes)."""
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), text)


def parse_po(path: Path) -> list[dict]:
    """A small PO parser: entries with msgctxt, msgid, msgid_plural, msgstr/msgstr[n], flags.

    Handles multi-line strings and skips obsolete (#~) entries. The header entry is included
    (msgid "").
    """
    entries = []
    entry = None
    field = None

    def start():
        return {"flags": set(), "msgctxt": None, "msgid_plural": None, "msgstr": {}}

    for raw in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = raw.strip()
        if not line:
            if entry is not None and "msgid" in entry:
                entries.append(entry)
            entry, field = None, None
            continue
        if line.startswith("#~"):
            continue
        if line.startswith("#"):
            if entry is not None and "msgid" in entry:
                entries.append(entry)
                entry = None
            entry = entry or start()
            if line.startswith("#,"):
                entry["flags"].update(f.strip() for f in line[2:].split(","))
            field = None
            continue
        entry = entry or start()
        match = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+"(.*)"$', line)
        if match:
            keyword, index, value = match.groups()
            if keyword == "msgctxt" and "msgid" in entry:
                entries.append(entry)
                entry = start()
            if keyword.startswith("msgstr"):
                field = ("msgstr", int(index or 0))
                entry["msgstr"][field[1]] = _unquote(value)
            else:
                field = (keyword, None)
                entry[keyword] = _unquote(value)
            continue
        match = re.match(r'^"(.*)"$', line)
        assert match and field, f"Unparseable line in {path.name}: {raw!r}"
        if field[0] == "msgstr":
            entry["msgstr"][field[1]] += _unquote(match.group(1))
        else:
            entry[field[0]] += _unquote(match.group(1))
    return entries


def po_catalog(entries) -> dict:
    """The entries as GNUTranslations keys them (context joined with \\x04, plurals by index)."""
    catalog = {}
    for e in entries:
        if not e["msgid"] or "fuzzy" in e["flags"]:
            continue
        msgid = e["msgid"] if e["msgctxt"] is None else f"{e['msgctxt']}\x04{e['msgid']}"
        if e["msgid_plural"] is not None:
            for index, text in e["msgstr"].items():
                catalog[(msgid, index)] = text
        else:
            catalog[msgid] = e["msgstr"].get(0, "")
    return catalog


def mo_catalog(path: Path) -> dict:
    with path.open("rb") as fh:
        catalog = dict(gettext.GNUTranslations(fh)._catalog)
    catalog.pop("", None)  # the header
    return catalog


@pytest.fixture(scope="module")
def po_entries():
    entries = parse_po(PO_PATH)
    return [e for e in entries if e["msgid"]]


# --- The catalog itself ---------------------------------------------------------------------


def test_catalog_parses_to_a_plausible_size(po_entries):
    assert len(po_entries) > 300
    assert any(e["msgid_plural"] for e in po_entries)


def test_every_msgid_is_translated_and_nothing_is_fuzzy(po_entries):
    header = parse_po(PO_PATH)[0]
    assert header["msgid"] == "" and "fuzzy" not in header["flags"]
    fuzzy = [e["msgid"] for e in po_entries if "fuzzy" in e["flags"]]
    assert fuzzy == []
    untranslated = []
    for e in po_entries:
        expected = 2 if e["msgid_plural"] is not None else 1
        texts = [e["msgstr"].get(i, "") for i in range(expected)]
        if not all(t.strip() for t in texts):
            untranslated.append(e["msgid"])
    assert untranslated == []


def test_translations_keep_placeholders(po_entries):
    wrong = []
    for e in po_entries:
        wanted = sorted(PLACEHOLDER.findall(e["msgid"]))
        for text in e["msgstr"].values():
            if sorted(PLACEHOLDER.findall(text)) != wanted:
                wrong.append((e["msgid"], text))
    assert wrong == []


def test_translations_are_english(po_entries):
    """No msgstr is a copy of the Chinese source (CJK is allowed only where quoted as data)."""
    copied = [e["msgid"] for e in po_entries if any(t == e["msgid"] for t in e["msgstr"].values())]
    assert copied == []


# --- The compiled catalog -------------------------------------------------------------------


def test_compiled_mo_matches_po():
    """The committed .mo provides exactly the translations the .po holds (i.e. it is not stale).

    Compared by content rather than mtime: a git checkout does not preserve modification times.
    """
    assert MO_PATH.exists(), "run: manage.py compilemessages -l en"
    assert mo_catalog(MO_PATH) == po_catalog(parse_po(PO_PATH))


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext (msgfmt) not installed")
def test_po_passes_msgfmt_check_and_compiles_to_the_committed_catalog(tmp_path):
    fresh = tmp_path / "django.mo"
    subprocess.run(
        ["msgfmt", "--check", "-o", str(fresh), str(PO_PATH)],
        check=True,
        capture_output=True,
    )
    assert mo_catalog(fresh) == mo_catalog(MO_PATH)


# --- The translations in use ----------------------------------------------------------------


def test_key_strings_render_in_english():
    with translation.override("en"):
        assert translation.gettext("公示数据") == "Public records"
        assert translation.gettext("监督公示平台") == "Supervision Disclosure Portal"
        assert str(PenaltyRecord._meta.verbose_name) == "Administrative penalty"
        assert uscc_error("91110000600037341N") == (
            "The check character of the Unified social credit code is incorrect"
        )
        assert translation.ngettext("问题 %(counter)s 个", "问题 %(counter)s 个", 1) == (
            "%(counter)s problem"
        )
        assert translation.ngettext("问题 %(counter)s 个", "问题 %(counter)s 个", 3) == (
            "%(counter)s problems"
        )


def test_key_strings_stay_chinese_by_default():
    assert settings.LANGUAGE_CODE == "zh-hans"
    with translation.override(settings.LANGUAGE_CODE):
        assert translation.gettext("公示数据") == "公示数据"
        assert str(PenaltyRecord._meta.verbose_name) == "行政处罚"
        assert uscc_error("91110000600037341N") == "统一社会信用代码校验位不正确"


@pytest.mark.django_db
def test_admin_in_english_for_a_user_who_prefers_english(client, django_user_model):
    user = django_user_model.objects.create_superuser("admin-en", "admin@example.com", "pw-123456")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(user)

    response = client.get(PENALTY_URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="en"' in html
    assert "<title>Administrative penalty - Supervision Disclosure Portal · Admin</title>" in html
    assert '"label": "Public records"' in html  # the sidebar menu (rendered as JSON)
    assert '"label": "Bulk import"' in html
    assert "Add Administrative penalty" in html
    assert "公示数据" not in html
    assert "行政处罚" not in html


@pytest.mark.django_db
def test_admin_in_chinese_by_default(client, django_user_model):
    user = django_user_model.objects.create_superuser("admin-zh", "admin@example.com", "pw-123456")
    client.force_login(user)

    html = client.get(PENALTY_URL).content.decode()

    assert 'lang="zh-hans"' in html
    assert "<title>行政处罚 - 监督公示平台 · 管理后台</title>" in html
    assert '"label": "\\u516c\\u793a\\u6570\\u636e"' in html  # "公示数据", JSON-escaped


@pytest.mark.django_db
def test_public_home_page_in_english_under_the_en_prefix(client):
    # The public site uses i18n_patterns(prefix_default_language=False): "/" is always the
    # default language (zh-hans) and English lives under "/en/".
    response = client.get("/en/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert '<a class="site-title" href="/">Supervision Disclosure Portal</a>' in html
    assert "Skip to main content" in html
    assert "Sponsored by: Health Commission" in html
    assert "跳到主要内容" not in html


@pytest.mark.django_db
def test_language_switch_leads_to_the_english_site(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    assert response.status_code == 302
    assert response["Location"] == "/en/"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    html = client.get(response["Location"]).content.decode()
    assert "Supervision Disclosure Portal" in html


@pytest.mark.django_db
def test_public_home_page_in_chinese_by_default(client):
    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="zh-hans">' in html
    assert "监督公示平台" in html
    assert "跳到主要内容" in html
    assert "Supervision Disclosure Portal" not in html
