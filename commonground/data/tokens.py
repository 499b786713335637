"""Personal link tokens: made with `secrets`, stored only as hashes."""

from __future__ import annotations

import hashlib
import re
import secrets

_TOKEN_BYTES = 24
_TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{16,128}$")


def new_token() -> str:
    """A fresh, unguessable token for a personal link (URL-safe)."""
    return secrets.token_urlsafe(_TOKEN_BYTES)


def hash_token(token: str) -> str:
    """The stored form of a token. Tokens carry 192 random bits, so a plain
    SHA-256 is enough: there is nothing to brute-force."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def looks_like_token(token: str) -> bool:
    return bool(_TOKEN_RE.match(token or ""))


def new_public_id() -> str:
    """A stable pseudonymous id for a participant (used in exports and nbgrader)."""
    return "p" + secrets.token_hex(5)
