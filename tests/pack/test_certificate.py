"""The certificate of completion: made from a person's own completion record, read back
from the PDF; offered on My journal to that person only."""

from __future__ import annotations

import base64
import datetime as dt
import re
from dataclasses import replace

import pytest

from commonground.pack.certificate import (
    CertificateError,
    certificate_pdf,
    make_certificate,
)
from commonground.pages.journal import CompletionRecord, ModuleRecord
from tests._pack import fonts, is_a4, pages_text
from tests._widgets import walk
from widgets import course as facade
from widgets.certificate import CertificateBox

DAY = dt.date(2027, 3, 9)


def _record(course, done: set[str], name: str = "Ana Lee") -> CompletionRecord:
    modules = tuple(ModuleRecord(m.id, m.title, m.number, visited=True,
                                 completed=m.id in done, seconds_spent=600)
                    for m in course.modules)
    return CompletionRecord(name, "Family Support", "Southside 2026" if name else "",
                            "Robin Facilitator" if name else "", modules, (), 3, 0, 4800)


def _pdf_text(tmp_path, data: bytes) -> tuple[list[str], object]:
    path = tmp_path / "certificate.pdf"
    path.write_bytes(data)
    return pages_text(path), path


def test_certificate_names_the_person_modules_hours_and_date(tmp_path, course):
    done = {m.id for m in course.modules[:3]}
    cert = make_certificate(_record(course, done), course, issued=DAY)
    pages, path = _pdf_text(tmp_path, certificate_pdf(cert))
    assert len(pages) == 1 and is_a4(path)
    assert all(fonts(path).values()) and fonts(path)
    text = pages[0]
    assert text.startswith("Certificate of completion")
    assert "Ana Lee" in text and "Date: 9 March 2027" in text
    assert f"has completed 3 of the {len(course.modules)} modules" in text
    minutes = sum(m.minutes or 0 for m in course.modules[:3])
    hours = f"{minutes / 60:.1f}".rstrip("0").rstrip(".")
    # What the course recorded (4800 s on all its pages), and the plan apart from it.
    assert "Learning time recorded: 1 hour 20 minutes" in text
    assert f"Planned time of the modules completed: {hours} hours ({minutes} minutes)" in text
    for m in course.modules[:3]:
        assert f"{m.number} {m.title} 10 min {m.minutes} min" in text
    assert course.modules[3].title not in text
    assert "Cohort: Southside 2026" in text and "typed by the learner" not in text


def test_all_modules_is_the_whole_course(tmp_path, course):
    cert = make_certificate(_record(course, {m.id for m in course.modules}), course, issued=DAY)
    pages, _ = _pdf_text(tmp_path, certificate_pdf(cert))
    assert f"has completed the course {course.title}" in pages[0]
    assert cert.minutes == sum(m.minutes or 0 for m in course.modules)


def test_a_named_record_keeps_its_name_whatever_is_typed(course):
    cert = make_certificate(_record(course, {"00_welcome"}), course, "Someone Else")
    assert cert.name == "Ana Lee" and not cert.self_named


@pytest.mark.parametrize("typed, said", [
    ("", "Type the name to print on your certificate first"),
    ("   ", "Type the name to print on your certificate first"),
    ("x" * 121, "please keep it to 120 or fewer"),
    ("Ana\u202eLee", "invisible control character"),
])
def test_a_self_paced_learner_must_type_a_usable_name(course, typed, said):
    with pytest.raises(CertificateError, match=said):
        make_certificate(_record(course, {"00_welcome"}, name=""), course, typed)


def test_a_self_paced_certificate_prints_the_typed_name_and_says_so(tmp_path, course):
    record = _record(course, {"00_welcome"}, name="")
    cert = make_certificate(record, course, "  Sam   Taylor ", issued=DAY)
    pages, _ = _pdf_text(tmp_path, certificate_pdf(cert))
    assert "Sam Taylor" in pages[0] and "Taken self-paced" in pages[0]
    assert "typed by the learner" in pages[0]


def test_no_module_completed_yet_is_said_plainly(course):
    with pytest.raises(CertificateError, match="none is marked complete yet"):
        make_certificate(replace(_record(course, set())), course, "Ana")


# -- on My journal ----------------------------------------------------------------------------
def _box(widget) -> CertificateBox:
    return next(w for w in walk(widget) if isinstance(w, CertificateBox))


def _offered(box: CertificateBox) -> bytes:
    [data] = re.findall(r'href="data:application/pdf;base64,([^"]+)" download="certificate-'
                        r'\d{4}-\d\d-\d\d\.pdf"', box.link.value)
    return base64.b64decode(data)


@pytest.fixture
def signed_in(page_env, store):
    def sign_in(person):
        from commonground.pages.session import reset_session

        reset_session()
        page_env.setenv("QUERY_STRING", f"t={store.people.issue_link(person.id)}")
    return sign_in


def test_each_trainee_gets_their_own_certificate_only(tmp_path, signed_in, store, trainee,
                                                      other_trainee):
    store.progress.complete(trainee.id, "00_welcome")
    store.progress.complete(other_trainee.id, "01_safe_environment")
    signed_in(trainee)
    box = _box(facade.journal_page())
    assert box.name.layout.display == "none"  # a cohort trainee's name is on record
    box.button.click()
    mine = pages_text(_write(tmp_path / "a.pdf", _offered(box)))[0]
    assert "Ana Lee" in mine and "Ben Cho" not in mine
    assert "Welcome" in mine and "Creating a safe environment" not in mine
    signed_in(other_trainee)
    theirs = pages_text(_write(tmp_path / "b.pdf", _offered(_made(facade.journal_page()))))[0]
    assert "Ben Cho" in theirs and "Ana Lee" not in theirs


def _made(page) -> CertificateBox:
    box = _box(page)
    box.make()
    return box


def _write(path, data: bytes):
    path.write_bytes(data)
    return path


def test_a_self_paced_learner_is_asked_for_the_name(page_env, store):
    page_env.delenv("QUERY_STRING", raising=False)
    box = _box(facade.journal_page())
    assert box.name.layout.display is None and "Name to print" in box.name.description
    box.make()
    assert "none is marked complete yet" in box.message.value and box.link.value == ""


def test_a_self_paced_certificate_from_the_page(tmp_path, page_env, store):
    page_env.delenv("QUERY_STRING", raising=False)
    widget = facade.journal_page()
    from commonground.pages.session import current_session

    me = current_session().participant
    store.progress.complete(me.id, "00_welcome")
    box = _box(widget)
    box.make()
    assert "Type the name to print" in box.message.value and box.link.value == ""
    box.name.value = "Sam Taylor"
    box.make()
    assert "Sam Taylor" in pages_text(_write(tmp_path / "c.pdf", _offered(box)))[0]


def test_the_learning_time_is_what_was_recorded_not_what_was_planned(tmp_path, course):
    """Nine minutes on the pages and two modules marked complete: the certificate says
    nine minutes, never the modules' planned hour or more, as if it had been spent."""
    done = {m.id for m in course.modules[:2]}
    modules = tuple(ModuleRecord(m.id, m.title, m.number, visited=True,
                                 completed=m.id in done, seconds_spent=270 if m.id in done
                                 else 0) for m in course.modules)
    record = CompletionRecord("Ana Lee", "Family Support", "Southside 2026",
                              "Robin Facilitator", modules, (), 2, 0, 540)
    cert = make_certificate(record, course, issued=DAY)
    text = _pdf_text(tmp_path, certificate_pdf(cert))[0][0]
    assert "Learning time recorded: 9 minutes" in text
    planned = sum(m.minutes or 0 for m in course.modules[:2])
    assert f"Planned time of the modules completed: {planned / 60:.1f}".rstrip("0") in text
    assert f"Learning time: {planned / 60:.1f}".rstrip("0") not in text
