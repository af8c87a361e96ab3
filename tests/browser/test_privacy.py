"""On the rendered pages: a record that is no longer public (expired, credit-repaired, withdrawn,
a revoked licence) is absent from every page that could show it, and ID numbers are only ever
shown masked. The same rules at the HTTP level: tests/test_public_records.py."""

import re

try:
    from playwright.sync_api import expect
except ImportError:  # reported by the `prerequisites` fixture: a skip, or a failure under CI
    expect = None

from .conftest import BROWSER_TEST, goto

pytestmark = BROWSER_TEST

SLUGS = {"PenaltyRecord": "penalties", "LicenceRecord": "licences"}
MASKED = re.compile(r"^\d\*{16}[\dX]$")


def assert_absent(page, record, where):
    slug = SLUGS[type(record).__name__]
    links = page.locator(f'a[href$="/records/{slug}/{record.pk}/"]')
    assert links.count() == 0, f"{where}: links to {slug} #{record.pk}"
    assert record.document_number not in page.locator("body").inner_text(), (
        f"{where}: shows {record.document_number}"
    )


def test_gone_records_are_absent_from_every_page(demo, browsing):
    from cms.models import CasePage

    # A typical case that still links the gone penalties must not show them either.
    case = demo.case
    gone_penalties = [r for r in demo.gone.values() if type(r).__name__ == "PenaltyRecord"]
    case.penalties.add(*gone_penalties)
    case.save()
    assert set(CasePage.objects.get(pk=case.pk).penalties.all()) >= set(gone_penalties)

    page = browsing.new_page()
    shared_pages = ["/", "/en/", demo.case_url, "/cases/"]
    for label, record in demo.gone.items():
        slug = SLUGS[type(record).__name__]
        pages = [
            *shared_pages,
            f"/records/{slug}/",
            f"/records/{slug}/?facility={record.facility_id}",
        ]
        for path in pages:
            goto(page, path)
            assert_absent(page, record, f"{label} on {path}")
        # Searching the list for its number finds nothing, and says so (the number shows only
        # as the search term).
        goto(page, f"/records/{slug}/?q={record.document_number}")
        expect(page.locator(".record-card")).to_have_count(0)
        expect(page.locator(".empty-state")).to_contain_text("没有找到符合条件的")
        expect(page.locator(f'a[href$="/records/{slug}/{record.pk}/"]')).to_have_count(0)

        # The party's profile (a natural person without public records has none: 404).
        response = page.goto(f"/facilities/{record.facility_id}/")
        assert response.status in (200, 404), response.status
        if response.status == 200:
            assert_absent(page, record, f"{label} on the profile {page.url}")
            goto(page, page.url + "print/")
            assert_absent(page, record, f"{label} on {page.url}")

        # Its own address answers 410 Gone, says why, and does not name the party.
        goto(page, f"/records/{slug}/{record.pk}/", status=410)
        main = page.locator("main").inner_text()
        assert "不再公示" in main or "停止公示" in main, main
        assert record.party_name not in main
        assert record.document_number not in main
    browsing.assert_no_problems()


def test_id_numbers_are_only_ever_shown_masked(demo, browsing):
    person, record = demo.person, demo.person_penalty
    pages = [path for _name, path, status in demo.pages() if status == 200] + [
        f"/records/penalties/{record.pk}/",
        f"/records/penalties/?q={person.name}",
        f"/records/penalties/?facility={person.pk}",
        f"/facilities/{person.pk}/",
        f"/facilities/{person.pk}/print/",
        f"{demo.facility_url}print/",
    ]
    page = browsing.new_page()
    for path in pages:
        goto(page, path)
        html = page.content()
        shown = [number for number in demo.secrets if number in html]
        assert not shown, f"{path}: full ID number(s) on the page: {shown}"

    # Where the person's number is shown, it is the masked form: first and last character.
    for path in (f"/records/penalties/{record.pk}/", f"/facilities/{person.pk}/"):
        goto(page, path)
        masked = page.locator("dd.masked")
        expect(masked).to_have_count(1)
        text = masked.inner_text().strip()
        assert MASKED.match(text), f"{path}: {text!r}"
        assert text == person.id_number_masked
        assert text[0] == person.id_number[0] and text[-1] == person.id_number[-1]
    browsing.assert_no_problems()
