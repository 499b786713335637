"""The facilitator's page shows one section at a time: open one as a person would, with
its button in the page's section navigation."""

from __future__ import annotations

NAV = "Sections of the facilitator's page"


def open_section(page, words: str) -> None:
    """Press the section's button (Today, People, Feedback, Shared spaces, Results,
    Settings) and wait until the navigation marks it as the one shown."""
    button = page.get_by_role("navigation", name=NAV).get_by_role("button", name=words,
                                                                   exact=True)
    button.click()
    page.wait_for_function(
        "b => b.getAttribute('aria-current') === 'true'", arg=button.element_handle())
