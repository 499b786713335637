"""The evaluation form in Chromium at 390 px: every statement's group is labelled for
screen readers, it can be answered and sent by keyboard alone, nothing is wider than the
screen, and the thank-you is announced."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from commonground import open_store
from commonground.content.evaluation_form import load_evaluation_form
from harness.browser import page_server

pytestmark = pytest.mark.browser

KERNEL_TIMEOUT = 90_000
FORM = load_evaluation_form()
PAGE = {
    "cells": [
        {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
         "source": ['from widgets import course; course.header("07_bringing_it_together")']},
        {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
         "source": ["course.evaluation()"]},
    ],
    "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python",
                                "name": "python3"}},
    "nbformat": 4, "nbformat_minor": 5,
}


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("evaluation")
    with page_server(tmp, "evaluation.ipynb", PAGE) as (base, url):
        store = open_store(url)
        cohort = store.people.create_cohort("Southside", "Robin Ng")
        ana = store.people.get(store.people.add_participant(cohort.id, "Ana Lee", "Housing"))
        yield base, store, ana, store.people.issue_link(ana.id)
        store.dispose()


def test_the_form_by_keyboard_at_390px(served, browser):
    base, store, ana, token = served
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(KERNEL_TIMEOUT)
    try:
        page.goto(f"{base}/voila/render/evaluation.ipynb?t={token}")
        page.get_by_role("button", name="Send my answers").wait_for()
        # Each statement names its group of options; each box is named by its question.
        for n, statement in enumerate(FORM.statements, start=1):
            group = page.get_by_role("group", name=f"{n}. {statement.text}")
            assert group.get_by_role("radio").count() == 6
        for question in FORM.questions.values():
            assert page.get_by_role("textbox", name=question).count() == 1
        wide = page.evaluate("document.documentElement.scrollWidth")
        assert wide <= 390, f"the page is {wide}px wide at 390px"

        # Keyboard only: Tab into the first group, arrows choose, Tab on to a box, type.
        first = FORM.statements[0].text
        for _ in range(80):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.type === 'radio'"):
                break
        else:
            pytest.fail("Tab never reached the first statement's options")
        focused = page.evaluate("document.activeElement.closest('fieldset').innerText")
        assert focused.startswith(f"1. {first}") and page.evaluate(
            "document.activeElement.checked")  # "No answer", chosen to begin with
        for _ in range(4):
            page.keyboard.press("ArrowDown")  # No answer -> 1 -> 2 -> 3 -> 4
        expect(page.get_by_role("group", name=f"1. {first}").get_by_role(
            "radio", name="4 Agree")).to_be_checked()
        for _ in range(60):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.tagName === 'TEXTAREA'"):
                break
        page.keyboard.type("The role-plays, because they felt real.")
        for _ in range(10):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.textContent.includes('Send my answers')"):
                break
        page.keyboard.press("Enter")
        page.get_by_role("status").filter(has_text="Thank you").wait_for()
        assert store.evaluation.has_answered(ana.id)
        summary = store.evaluation.summary(ana.cohort_id, FORM)
        assert summary.responses == 1  # (its counts stay hidden below 3)
        with store.read() as conn:
            from commonground.data import _schema as t

            [row] = conn.execute(t.evaluation_answers.select()).fetchall()
        assert json.loads(row.ratings_json) == {FORM.statements[0].id: 4}
        assert row.most_useful == "The role-plays, because they felt real."
    finally:
        context.close()
