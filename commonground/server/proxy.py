"""Behind a reverse proxy: whom to believe about the browser's address and scheme.

A proxy in front of the course (nginx or Caddy with TLS, say) tells it the browser's
address in ``X-Forwarded-For`` and whether the browser used HTTPS in
``X-Forwarded-Proto``. Anybody can write those headers, so the course believes them only
on connections from a proxy its administrator named (``commonground serve
--trusted-proxy 127.0.0.1``); on any other connection they are ignored. Believed, they
make the sign-in cookie ``Secure`` behind TLS, and the room's "only from this computer"
rule apply to the browser's real address, not the proxy's.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from typing import Any

from tornado.httpserver import HTTPServer
from tornado.iostream import IOStream

__all__ = ["SECURITY_HEADERS", "TrustedProxyServer", "trusted_addresses"]

# What every page and answer of the course server sends (beside Jupyter's own
# Content-Security-Policy): no address of a course page in another site's Referer, and
# no guessing of a download's type.
SECURITY_HEADERS = {
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
}


def trusted_addresses(values: Iterable[str]) -> tuple[str, ...]:
    """The proxies' addresses, checked; a plain ``ValueError`` for anything else."""
    found = []
    for value in values:
        for part in filter(None, (p.strip() for p in value.split(","))):
            try:
                found.append(str(ipaddress.ip_address(part)))
            except ValueError:
                raise ValueError(
                    f"--trusted-proxy takes the proxy's IP address, such as 127.0.0.1; "
                    f"{part!r} is not one.") from None
    return tuple(dict.fromkeys(found))


class TrustedProxyServer(HTTPServer):
    """Tornado's HTTP server that reads ``X-Forwarded-For``/``-Proto`` only on connections
    from the proxies given as ``trusted_downstream``: those go to a server with
    ``xheaders``, every other connection to one without."""

    def initialize(self, *args: Any, **kwargs: Any) -> None:
        super().initialize(*args, **{**kwargs, "xheaders": True})
        self.trusted = frozenset(self.trusted_downstream or ())
        kwargs.pop("trusted_downstream", None)
        self.direct = HTTPServer(*args, **{**kwargs, "xheaders": False})  # believes none

    def handle_stream(self, stream: IOStream, address: tuple[Any, ...]) -> None:
        peer = str(address[0]) if address else ""
        if peer.startswith("::ffff:"):  # an IPv4 peer on an IPv6 socket
            peer = peer.removeprefix("::ffff:")
        if peer in self.trusted:
            super().handle_stream(stream, address)
        else:
            self.direct.handle_stream(stream, address)
