"""The facilitator's People section in Chromium at 390 px, by keyboard where it counts:
keep a trainee's address, send their link through a real SMTP relay (aiosmtpd on
127.0.0.1), then open the link from the email that arrived, as the trainee. And the
course administrator's journey on the same server, at 1280 and 390 px: the link the
server made at its first start, a cohort created with its facilitator (whose link opens
their page and not the administrator's), archived, then purged with its name typed."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from commonground import open_store
from harness.browser import course_server
from harness.smtp import smtp_relay
from tests.browser._sections import NAV, open_section

pytestmark = pytest.mark.browser
KERNEL_TIMEOUT = 90_000


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("people")
    url = f"sqlite:///{tmp / 'course.db'}"
    with smtp_relay() as relay:
        env = {"COMMONGROUND_SMTP_HOST": "127.0.0.1", "COMMONGROUND_SMTP_PORT": str(relay.port),
               "COMMONGROUND_SMTP_SECURITY": "none",
               "COMMONGROUND_MAIL_FROM": "Common Ground <course@example.org>"}
        with course_server(url, tmp / "server.log", env=env) as base:
            store = open_store(url)
            cohort = store.people.create_cohort("Southside", "Robin Ng")
            store.people.add_participant(cohort.id, "Ana Lee", "Housing")
            robin = store.people.facilitator_of(cohort)
            kept = (tmp / "course-administrator-link.txt").read_text(encoding="utf-8")
            [admin] = re.findall(re.escape(base) + r"/voila/render/administration\.ipynb\?t=[\w-]+",
                                 kept)
            printed = (tmp / "server.log").read_text(encoding="utf-8")
            assert "The course administrator's link" in printed and admin in printed
            yield base, relay, store.people.issue_link(robin), admin
            store.dispose()


def test_send_a_link_by_email_and_open_it(served, browser):
    base, relay, token, _admin = served
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(KERNEL_TIMEOUT)
    try:
        page.goto(f"{base}/voila/render/facilitator_dashboard.ipynb?t={token}")
        page.get_by_role("heading", name="Today").wait_for()  # the section it opens on
        people = page.get_by_role("navigation", name=NAV).get_by_role("button", name="People")
        people.focus()  # the sections by keyboard
        page.keyboard.press("Enter")
        page.get_by_role("heading", name="People", exact=True).wait_for()
        assert people.get_attribute("aria-current") == "true"
        assert page.get_by_role("heading", name="Today").count() == 0  # one at a time
        table = page.get_by_role("region", name=re.compile("^Your trainees"))
        assert table.get_by_role("rowheader", name="Ana Lee").count() == 1
        page.get_by_label("Person:").select_option(label="Ana Lee (Housing)")
        address = page.get_by_label("Email address:")
        address.fill("ana@example.org")
        address.press("Tab")  # the field's value reaches the kernel
        page.get_by_role("button", name="Save address").click()
        page.get_by_text("Kept Ana Lee's email address: ana@example.org.").wait_for()
        send = page.get_by_role("button", name="Send link by email")
        send.focus()
        page.keyboard.press("Enter")
        page.get_by_text("Sent Ana Lee's link to ana@example.org.").wait_for()
        wide = page.evaluate("document.documentElement.scrollWidth")
        assert wide <= 390, f"the page is {wide}px wide at 390px"
    finally:
        context.close()

    [message] = relay.messages
    text = message.get_body(("plain",)).get_content()
    [link] = set(re.findall(re.escape(base) + r"/\?t=[\w-]+", text))
    trainee = browser.new_context()
    page = trainee.new_page()
    page.set_default_timeout(KERNEL_TIMEOUT)
    try:
        page.goto(link)
        page.get_by_text("Signed in as Ana Lee").wait_for()
        assert "t=" not in page.url  # the token left the address
    finally:
        trainee.close()


def test_print_link_cards_by_keyboard(served, browser):
    base, _relay, token, _admin = served
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(KERNEL_TIMEOUT)
    try:
        page.goto(f"{base}/voila/render/facilitator_dashboard.ipynb?t={token}")
        page.get_by_role("heading", name="Today").wait_for()
        open_section(page, "People")
        page.get_by_role("heading", name="Link cards to print").wait_for()
        assert page.get_by_role("radio", name="Everyone").is_checked()
        page.get_by_role("button", name="Print link cards (PDF)").focus()
        page.keyboard.press("Enter")
        page.get_by_text(re.compile(r"makes a new link for this person \(Ana Lee\)")).wait_for()
        page.get_by_role("button", name="Yes, make the cards").focus()
        page.keyboard.press("Enter")
        download = page.get_by_role("link", name="Download the link cards (PDF, 1 card)")
        download.wait_for()
        assert download.get_attribute("href").startswith("data:application/pdf;base64,")
        page.get_by_text("Made 1 link card.").wait_for()
        wide = page.evaluate("document.documentElement.scrollWidth")
        assert wide <= 390, f"the page is {wide}px wide at 390px"
    finally:
        context.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_the_course_administrators_journey(served, browser, width):
    base, _relay, robin, admin = served
    cohort = f"Northside {width}"
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(KERNEL_TIMEOUT)
    try:
        page.goto(admin)  # the link `commonground serve` printed and kept at its first start
        page.get_by_role("heading", name="Every cohort").wait_for()
        assert "t=" not in page.url  # the token left the address
        page.get_by_label("Cohort's name:").fill(cohort)
        page.get_by_label("Its facilitator (optional):").fill("Robin Ng")
        page.keyboard.press("Tab")  # the field's value reaches the kernel
        create = page.get_by_role("button", name="Create the cohort")
        create.focus()
        page.keyboard.press("Enter")
        page.get_by_text(f"Created the cohort {cohort}.").wait_for()
        link = page.locator(".cg-new-link .cg-link-text").inner_text().strip()
        assert link.startswith(f"{base}/voila/render/facilitator_dashboard.ipynb?t=")
        table = page.get_by_role("region", name=re.compile("^Every cohort"))
        expect(table.get_by_role("rowheader", name=cohort)).to_have_count(1)
        wide = page.evaluate("document.documentElement.scrollWidth")
        assert wide <= width, f"the page is {wide}px wide at {width}px"

        facilitator = browser.new_context()  # the new facilitator, with their link
        theirs = facilitator.new_page()
        theirs.set_default_timeout(KERNEL_TIMEOUT)
        try:
            theirs.goto(link)
            theirs.get_by_text(f"Cohort: {cohort}").wait_for()
            theirs.goto(f"{base}/voila/render/administration.ipynb")  # signed in as them
            theirs.get_by_text("for the organisation's course administrator only").wait_for()
            assert theirs.get_by_role("heading", name="Every cohort").count() == 0
            theirs.goto(f"{base}/voila/render/administration.ipynb?t={robin}")
            theirs.get_by_text("for the organisation's course administrator only").wait_for()
        finally:
            facilitator.close()

        page.get_by_role("button", name="Archive this cohort (read-only)").click()
        page.get_by_text(f"{cohort} is archived (read-only)").wait_for()
        row = table.get_by_role("row", name=re.compile(cohort))
        assert "Archived (read-only)" in row.inner_text()
        confirm = page.get_by_label("Type the cohort's name to confirm:")
        confirm.fill("Northside")
        confirm.press("Tab")
        page.get_by_role("button", name="Delete this cohort for good").click()
        page.get_by_role("alert").filter(has_text="Nothing was deleted").wait_for()
        confirm.fill(cohort)
        confirm.press("Tab")
        page.get_by_role("button", name="Delete this cohort for good").click()
        page.get_by_text(f"Deleted the cohort {cohort} and all its data").wait_for()
        expect(table.get_by_role("rowheader", name=cohort)).to_have_count(0)
    finally:
        context.close()
