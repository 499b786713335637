"""A course page's kernel application: ipykernel's own, except that its IOPub channel never
drops a message.

IOPub is a ZeroMQ publisher, and a publisher drops what it cannot send once 1,000
messages wait for a slow reader (ZeroMQ's default high-water mark). A course page sends
one message for each widget it makes: module 04 with 150 terms on the jargon wall makes
about 1,300, all in one cell. When the server read them more slowly than the kernel wrote
them (a server just started, or busy), messages were lost, among them the one that says
the cell is done, so Voila waited out its two-minute timeout and the page said "This
part of the page did not load". With no limit, a burst waits in the kernel's memory
until the server has read it; a page's burst is bounded by the page itself.

Imported only after :func:`commonground.kernel.without_debugger`, as ipykernel is.
"""

from __future__ import annotations

from typing import Any

import zmq
from ipykernel.kernelapp import IPKernelApp

__all__ = ["IOPUB_HIGH_WATER_MARK", "CourseKernelApp"]

IOPUB_HIGH_WATER_MARK = 0  # ZeroMQ's "no limit"


class CourseKernelApp(IPKernelApp):
    """IPKernelApp whose IOPub socket keeps every message until the server reads it."""

    def init_iopub(self, context: zmq.Context[Any]) -> None:
        # The default for sockets this context makes from now on: IOPub is made next.
        context.setsockopt(zmq.SNDHWM, IOPUB_HIGH_WATER_MARK)
        super().init_iopub(context)
