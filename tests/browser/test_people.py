"""The facilitator's People section in Chromium at 390 px, by keyboard where it counts:
keep a trainee's address, send their link through a real SMTP relay (aiosmtpd on
127.0.0.1), then open the link from the email that arrived, as the trainee."""

from __future__ import annotations

import re

import pytest

from commonground import open_store
from harness.browser import course_server
from harness.smtp import smtp_relay

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
            yield base, relay, store.people.issue_link(robin)
            store.dispose()


def test_send_a_link_by_email_and_open_it(served, browser):
    base, relay, token = served
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(KERNEL_TIMEOUT)
    try:
        page.goto(f"{base}/voila/render/facilitator_dashboard.ipynb?t={token}")
        page.get_by_role("heading", name="People", exact=True).wait_for()
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
    base, _relay, token = served
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(KERNEL_TIMEOUT)
    try:
        page.goto(f"{base}/voila/render/facilitator_dashboard.ipynb?t={token}")
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
