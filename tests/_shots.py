"""Screenshots of the pages a trainee and a facilitator see, at 1280 and 390 px.

    flock /work/notes/heavy.lock .venv/bin/python -m tests._shots OUT_DIR

A fresh database with one cohort: a trainee with some writing and a finished role-play
(so My journal and the dashboard have something to show), and the facilitator.
Shots: module 03, a role-play mid-play (module 06), My journal, the dashboard (Today as
it opens, then its People, Shared spaces and Results sections) and the course
administrator's page.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from commonground import open_store
from commonground.admin.cohorts import ensure_facilitator
from commonground.pages.scenario import ScenarioPlayerModel, get_scenario
from harness.browser import course_server, launch_chromium

WIDTHS = (1280, 390)
_TALLEST = """() => Math.max(...[...document.querySelectorAll('*')].map(e => e.scrollHeight))"""


def _full(page, path: Path, width: int) -> None:
    """The whole page: Voila's template scrolls inside a box, so grow the window to it."""
    height = min(page.evaluate(_TALLEST), 12000)
    page.set_viewport_size({"width": width, "height": height})
    page.screenshot(path=path)
    page.set_viewport_size({"width": width, "height": 900})


def seed(url: str) -> tuple[str, str]:
    """A cohort with some work in it: (trainee token, facilitator token)."""
    store = open_store(url)
    cohort = store.people.create_cohort("Southside March 2027", "Robin Ng")
    pid = store.people.add_participant(cohort.id, "Ana Lee", "Family Support", "Case worker")
    other = store.people.add_participant(cohort.id, "Sam Wu", "Housing Service", "Officer")
    for who in (pid, other):
        store.progress.visit(who, "00_welcome")
        store.progress.complete(who, "00_welcome")
        store.progress.visit(who, "04_jargon_and_uncomfortable_moments")
    r = store.reflections
    r.submit(pid, "01_safe_environment", "safe-env-power",
             "Power sat with the **funder**.\n\n- not the family\n- not us", "facilitator")
    r.give_feedback(pid, "safe-env-power", 1, "Clear and honest.", 4, 5)
    r.release_feedback(pid, "safe-env-power")
    # Corrected (the first words stay in the facilitator's history), then a new version.
    r.give_feedback(pid, "safe-env-power", 1, "Clear and honest; what would you do next?",
                    4, 5, mark="complete")
    r.submit(pid, "01_safe_environment", "safe-env-power",
             "Power sat with the funder. Next time I will ask the family first.",
             "facilitator")
    r.submit(other, "01_safe_environment", "safe-env-power", "We never asked them.", "facilitator")
    person = store.people.get(pid)
    for role in (0, -1):
        model = ScenarioPlayerModel(store, person, get_scenario("first_care_team_meeting"))
        view = model.start(model.roles[role].id)
        while not view.is_ending:
            view = model.choose(view.choices[0].id)
    # An LMS registered by hand (the administrator's page lists it).
    store.lti.add(issuer="https://moodle.example.org", client_id="cg-1234567890",
                  auth_login_url="https://moodle.example.org/mod/lti/auth.php",
                  jwks_url="https://moodle.example.org/mod/lti/certs.php",
                  auth_token_url="https://moodle.example.org/mod/lti/token.php",
                  deployment_ids=["7"], name="Northside Moodle")
    tokens = store.people.issue_link(pid), store.people.issue_link(
        ensure_facilitator(store, cohort))
    store.dispose()
    return tokens


def shoot(out: Path) -> None:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/course.db"
        trainee, facilitator = seed(url)
        store = open_store(url)
        administrator = store.administrators.issue_link()
        store.dispose()
        with course_server(url, Path(tmp) / "serve.log") as base, sync_playwright() as p:
            browser = launch_chromium(p)
            for width in WIDTHS:
                context = browser.new_context(viewport={"width": width, "height": 900})
                page = context.new_page()
                page.set_default_timeout(120_000)
                render = f"{base}/voila/render"
                page.goto(f"{render}/03_trauma_informed.ipynb?t={trainee}")
                page.get_by_role("button", name="Mark this module complete").wait_for()
                _full(page, out / f"module03_{width}.png", width)
                page.goto(f"{render}/06_competition_and_hot_desks.ipynb")
                start = page.get_by_role("button", name="Start the role-play")
                start.or_(page.get_by_text("What happened:")).first.wait_for()
                if start.count():  # the 1280 px pass left a play going: it resumes
                    start.click()
                    page.locator(".cg-choices button").first.click()
                page.get_by_text("What happened:").wait_for()
                page.locator(".cg-scenario").scroll_into_view_if_needed()
                page.screenshot(path=out / f"roleplay_{width}.png")
                page.locator(".cg-scenario").screenshot(path=out / f"roleplay_card_{width}.png")
                page.goto(f"{render}/my_journal.ipynb")
                page.get_by_role("link", name="Download my journal as Markdown").wait_for()
                _full(page, out / f"journal_{width}.png", width)
                page.goto(f"{render}/facilitator_dashboard.ipynb?t={facilitator}")
                page.get_by_role("button", name="Refresh now").wait_for()
                _full(page, out / f"dashboard_{width}.png", width)  # Today, as it opens
                for section in ("People", "Shared spaces", "Results"):
                    page.get_by_role("navigation", name="Sections of the facilitator's page"
                                     ).get_by_role("button", name=section).click()
                    page.wait_for_timeout(1500)
                    slug = section.lower().replace(" ", "_")
                    _full(page, out / f"dashboard_{slug}_{width}.png", width)
                page.goto(f"{render}/administration.ipynb?t={administrator}")
                page.get_by_role("heading", name="Every cohort").wait_for()
                _full(page, out / f"administration_{width}.png", width)
                context.close()
            browser.close()


if __name__ == "__main__":
    shoot(Path(sys.argv[1]))
