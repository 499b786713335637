"""The reflection box's status line and its browser-side copy of the draft (view).

The browser side is ``static/draft_copy.js`` (an anywidget ES module). It shows the
status the kernel sets (:meth:`DraftCopy.show`), keeps a copy of the box's text in the
tab's ``sessionStorage`` until the kernel confirms it saved that text
(:meth:`DraftCopy.confirm`), pings the kernel to notice within a few seconds that it
can no longer be reached, and hands a kept copy back after a reload or a reconnect.

Messages from the browser, handled by :meth:`DraftCopy.receive` (also the test hook):
``{"kind": "ping"}`` (answered with ``{"kind": "pong"}``), ``{"kind": "restore",
"text": ..., "base": <draft revision the copy grew from>}`` (a copy left by an earlier
page of this tab) and ``{"kind": "resend", "text": ...}`` (this page's text, after the
connection came back). Copies go to the callback given to :meth:`DraftCopy.on_copy`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import anywidget
import ipywidgets as w
import traitlets as tr

from ._static import shared_layout

__all__ = ["KEY_PREFIX", "DraftCopy", "storage_key"]

KEY_PREFIX = "cg-draft:"

# (text, base revision or None for this page's own text) -> None
CopyHandler = Callable[[str, "int | None"], None]


def _owner(public_id: str) -> str:
    """A short digest of the participant's public id: no name or link token in storage."""
    return hashlib.sha256(f"commonground draft copy\0{public_id}".encode()).hexdigest()[:16]


def storage_key(public_id: str, prompt_id: str) -> str:
    """The sessionStorage key of one participant's copy of one prompt's draft."""
    return f"{KEY_PREFIX}{_owner(public_id)}:{prompt_id}"


class DraftCopy(anywidget.AnyWidget):
    _esm = Path(__file__).parent / "static" / "draft_copy.js"

    textarea = anywidget.WidgetTrait().tag(sync=True)  # the box's Textarea
    storage_key = tr.Unicode().tag(sync=True)
    owner_prefix = tr.Unicode().tag(sync=True)
    text = tr.Unicode().tag(sync=True)  # the status line, plain text
    kind = tr.Unicode("info").tag(sync=True)  # "info" or "problem"
    saved_text = tr.Unicode().tag(sync=True)  # what the database holds as the draft
    saved_revision = tr.Int(0).tag(sync=True)

    def __init__(self, textarea: w.Textarea):
        """The status line of ``textarea``; its copies are keyed once :meth:`attach`
        says whose draft it holds."""
        super().__init__(textarea=textarea, layout=shared_layout())
        self._on_copy: CopyHandler | None = None
        self.on_msg(lambda _widget, content, _buffers: self.receive(content))

    def attach(self, *, public_id: str, prompt_id: str, saved_text: str,
               saved_revision: int) -> None:
        """Whose draft of which prompt this is, and what the database holds of it."""
        with self.hold_sync():
            self.storage_key = storage_key(public_id, prompt_id)
            self.owner_prefix = f"{KEY_PREFIX}{_owner(public_id)}:"
            self.saved_text = saved_text
            self.saved_revision = saved_revision

    def on_copy(self, handler: CopyHandler) -> None:
        self._on_copy = handler

    def show(self, text: str, kind: str = "info") -> None:
        with self.hold_sync():
            self.text = text
            self.kind = kind

    def confirm(self, revision: int, text: str) -> None:
        """The database now holds ``text`` as the draft, at ``revision``: the browser
        may delete its copy if the box still says the same."""
        with self.hold_sync():
            self.saved_text = text
            self.saved_revision = revision

    def receive(self, content: Any) -> list[dict[str, str]]:
        """Handle one message from the browser; returns the replies it sent."""
        if not isinstance(content, dict):
            return []
        kind = content.get("kind")
        if kind == "ping":
            return self._reply({"kind": "pong"})
        text = content.get("text")
        base = content.get("base")
        if not isinstance(text, str) or self._on_copy is None:
            return []
        if kind == "restore" and isinstance(base, int) and not isinstance(base, bool):
            self._on_copy(text, base)
        elif kind == "resend":
            self._on_copy(text, None)
        return []

    def _reply(self, message: dict[str, str]) -> list[dict[str, str]]:
        self.send(message)
        return [message]
