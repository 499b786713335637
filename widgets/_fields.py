"""Text fields whose words are sent to the kernel when the person leaves the field.

ipywidgets sends a field's keystrokes as they come, but holds later ones back while an
earlier one is unanswered; a button's click is sent at once. So a fast typist who
presses Tab and Enter (or clicks) can have the click reach the kernel before the last
words, and a post goes out cut short. A field that sends its value on leaving (a blur
comes before any click or key press on the button) has nothing held back: the value
always arrives first. Use these for every field a button sends; the reflection box,
which saves as you type, has its own safeguards (``widgets/draft_copy.py``).
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from ._static import light

__all__ = ["text_area", "text_field"]


def text_field(**kwargs: Any) -> w.Text:
    return light(w.Text, continuous_update=False, **kwargs)


def text_area(**kwargs: Any) -> w.Textarea:
    return light(w.Textarea, continuous_update=False, **kwargs)
