"""The course administrator's page, driven through its test hooks (no kernel, no
browser): the page opens for the administrator's link only, and each action says what
it did on the page."""

from __future__ import annotations

import ipywidgets as w

from commonground.pages.administration import Administration
from tests._db import row_counts
from tests._widgets import walk
from widgets.administration import AdministrationView, page

BASE = "https://course.example.org/"


def _words(widget: w.Widget) -> str:
    return "\n".join(str(getattr(x, n, "") or "") for x in walk(widget)
                     for n in ("value", "description", "placeholder", "tooltip"))


def test_only_the_administrators_link_opens_it(page_env, store, cohort, trainee):
    facilitator = store.people.issue_link(store.people.facilitator_of(cohort))
    trainee_link = store.people.issue_link(trainee.id)
    admin = store.administrators.issue_link()
    for token in (trainee_link, facilitator):
        page_env.setenv("QUERY_STRING", f"t={token}")
        shown = page()
        assert not isinstance(shown, AdministrationView)
        assert "administrator only" in _words(shown)
        assert "Southside 2026" not in _words(shown)
    page_env.setenv("QUERY_STRING", f"t={admin}")
    view = page()
    assert isinstance(view, AdministrationView)
    assert "Southside 2026" in view.table.value
    assert "Ana Lee" not in _words(view)  # counts of trainees, never their names
    view.model.store.dispose()


def test_the_administrators_journey(store):
    view = AdministrationView(Administration(store, base_url=BASE))
    assert "There are no cohorts yet" in view.table.value
    assert view.one_cohort.layout.display == "none"
    view.create_button.click()
    assert "A cohort needs a name" in view.message.value and 'role="alert"' in (
        view.message.value)
    view.create("Southside March 2027", "2027-03-15", "", "Robin Ng")
    assert "Created the cohort Southside March 2027" in view.message.value
    assert "voila/render/facilitator_dashboard.ipynb?t=" in view.link.value
    assert "Robin Ng" in view.table.value and "from 2027-03-15" in view.table.value
    assert view.cohort.value == "Southside March 2027"
    view.name_facilitator("Sam Wu")
    assert "Sam Wu is a facilitator" in view.message.value
    assert "Sam Wu: link working" in view.facilitator_list.value
    sam = dict(view.facilitator.options)["Sam Wu"]
    view.new_link(sam)
    assert "their earlier link no longer works" in view.message.value
    view.archive_button.click()
    assert "is archived (read-only)" in view.message.value
    assert "Archived (read-only)" in view.table.value
    assert view.archive_button.description == "Open it again (writable)"
    view.export()
    assert 'download="participation.csv"' in view.downloads.value
    before = row_counts(store)
    view.purge_typed.value = "Southside"
    view.purge_button.click()  # through the page's guard: said, not raised
    assert "Nothing was deleted" in view.message.value and row_counts(store) == before
    view.purge("Southside March 2027")
    assert "Deleted the cohort Southside March 2027" in view.message.value
    assert "There are no cohorts yet" in view.table.value
    assert view.cohort.value is None and view.one_cohort.layout.display == "none"


def test_the_administrator_registers_an_lms_and_makes_a_new_key(store, tmp_path):
    view = AdministrationView(Administration(store, base_url=BASE))
    view.lms.model.keys_at = tmp_path / "lti-keys"
    section = view.lms
    section.draw()
    assert "No LMS is registered yet" in section.listing.value
    assert "https://course.example.org/lti/jwks" in section.listing.value
    section.fields["issuer"].value = "moodle.example.org"
    section.register_button.click()
    assert "must be a web address starting https://" in view.message.value
    assert 'role="alert"' in view.message.value and store.lti.all() == []
    assert section.fields["issuer"].value == "moodle.example.org"  # kept to correct
    section.register(name="Moodle <b>", issuer="https://moodle.example.org",
                     client_id="abc", deployment_id="4",
                     login_url="https://moodle.example.org/mod/lti/auth.php",
                     token_url="https://moodle.example.org/mod/lti/token.php",
                     jwks_url="https://moodle.example.org/mod/lti/certs.php")
    assert "Registered Moodle" in view.message.value
    assert "Moodle &lt;b&gt;" in section.listing.value and "<b>" not in section.listing.value
    assert all(f.value == "" for f in section.fields.values())
    section.rotate_button.click()
    assert "New signing key" in view.message.value and "signs now" in section.listing.value
