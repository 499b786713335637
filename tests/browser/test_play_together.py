"""Play together in Chromium: three trainees, each in their own browser context (one on a
390 px phone), play the care team meeting from Carmen's, Farah's and Tania's seats at
once to an ending: one starts a group and gives its code, the others join with it, each
votes, every page follows the others within seconds, and one seat's choice changes what
another faces next. The presenter view (1920 px) then shows the groups side by side,
with no names. Screenshots of each page are kept in the test's folder."""

from __future__ import annotations

import re
import time

import pytest

from commonground import open_store
from commonground.admin.cohorts import ensure_facilitator
from harness.browser import course_server

from .test_a11y import violations

pytestmark = pytest.mark.browser

MODULE = "01_safe_environment"
PEOPLE = {"carmen": ("Ana Lee", "Housing"), "farah": ("Ben Cho", "Health"),
          "tania": ("Cy Dunn", "Schools")}
SEATS = {"carmen": "Carmen, child protection practitioner",
         "farah": "Farah, adult mental health counsellor", "tania": "Tania, Ollie and Mia's mum"}


def _vote(page, label_start: str) -> None:
    page.locator(".cg-together").get_by_role(
        "button", name=re.compile("^" + re.escape(label_start))).click()


def test_three_people_play_the_three_seat_role_play_together(tmp_path, browser):
    url = f"sqlite:///{tmp_path / 'c.db'}"
    with course_server(url, tmp_path / "serve.log") as base:
        store = open_store(url, create=False)
        try:
            cohort = store.people.create_cohort("Southside", "Robin Ng")
            tokens = {seat: store.people.issue_link(
                store.people.add_participant(cohort.id, name, agency))
                for seat, (name, agency) in PEOPLE.items()}
            lead_token = store.people.issue_link(ensure_facilitator(store, cohort))
        finally:
            store.dispose()
        sizes = {"carmen": (1280, 900), "farah": (1280, 900), "tania": (390, 844)}
        contexts = {seat: browser.new_context(viewport={"width": w, "height": h})
                    for seat, (w, h) in sizes.items()}
        pages = {seat: ctx.new_page() for seat, ctx in contexts.items()}
        for seat, page in pages.items():
            page.set_default_timeout(90_000)
            page.goto(f"{base}/voila/render/{MODULE}.ipynb?t={tokens[seat]}")
        for seat, page in pages.items():
            area = page.locator(".cg-together")
            area.get_by_text("Play together", exact=True).wait_for()
            area.get_by_role("radio", name=SEATS[seat], exact=True).check()
        carmen, farah, tania = pages["carmen"], pages["farah"], pages["tania"]
        carmen.locator(".cg-together").get_by_role(
            "button", name="Start a new group on this seat").click()
        said = carmen.get_by_text(re.compile(r"Your group's code is [A-Z0-9]{5}"))
        said.wait_for()
        code = re.search(r"code is ([A-Z0-9]{5})", said.inner_text()).group(1)
        for page in (farah, tania):
            area = page.locator(".cg-together")
            area.get_by_label("Group code").fill(code.lower())
            area.get_by_role("button", name="Join the group").click()
        for page in pages.values():
            page.locator(".cg-together").get_by_role("heading", name=re.compile(
                "Before the meeting|The car park")).wait_for(timeout=60_000)
        carmen.screenshot(path=tmp_path / "together-1280.png", full_page=False)

        _vote(farah, "Find Tania in the waiting room")
        _vote(tania, "Write down on your phone")
        tania.get_by_role("status").filter(has_text="Waiting for the other seats").wait_for()
        _vote(carmen, "Go out, say hello")
        voted = time.monotonic()
        # Carmen's choice moves all three on: what each sees now depends on the others.
        tania.get_by_text("Before she sat down, Carmen came out").wait_for(timeout=15_000)
        print(f"the meeting reached the last page {time.monotonic() - voted:.1f} s "
              "after the last vote")
        carmen.get_by_text("Tania has her phone out").wait_for(timeout=15_000)
        tania.screenshot(path=tmp_path / "together-390.png", full_page=True)
        assert violations(tania) == [] and violations(carmen) == []

        _vote(carmen, "Ask Farah for an update")
        _vote(farah, "Introduce yourself and say")
        _vote(tania, "\"I'm Tania. I'm Ollie and Mia's mum.\"")
        tania.get_by_text("Carmen has just asked Farah").wait_for(timeout=15_000)
        farah.get_by_text("Carmen asks, \"Farah, can you tell us").wait_for(timeout=15_000)
        _vote(tania, "Say Farah can tell them you go every week")
        _vote(farah, "Turn to Tania and ask")
        _vote(carmen, "Say out loud why you asked")
        tania.get_by_text("Ending: Heard").wait_for(timeout=15_000)
        tania.get_by_text("Stepping out of the role").wait_for()
        farah.get_by_text("Ending: Trust kept").wait_for(timeout=15_000)
        carmen.get_by_text("Ending: Polite, and careful").wait_for(timeout=15_000)
        tania.screenshot(path=tmp_path / "together-ending-390.png", full_page=False)

        lead_context = browser.new_context(viewport={"width": 1920, "height": 1080})
        lead = lead_context.new_page()
        lead.set_default_timeout(90_000)
        lead.goto(f"{base}/voila/render/presenter.ipynb?t={lead_token}")
        lead.get_by_text("No names are shown on this screen").wait_for()
        lead.locator("section.cg-present").focus()
        lead.keyboard.press("End")
        lead.get_by_text(f"group {code}: the endings").wait_for(timeout=15_000)
        lead.get_by_text("Tania's seat: Heard").wait_for()
        lead.get_by_text("Carmen's seat: Polite, and careful").wait_for()
        lead.screenshot(path=tmp_path / "presenter-1920.png")
        assert violations(lead) == []
        lead.keyboard.press("ArrowLeft")
        lead.get_by_text(f"group {code}: decision 3").wait_for()
        text = lead.locator("body").inner_text()
        for name, agency in PEOPLE.values():
            assert name not in text and agency not in text
        lead_context.close()
        for ctx in contexts.values():
            ctx.close()
