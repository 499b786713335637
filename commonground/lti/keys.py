"""The course's own RSA signing keys for LTI, as files only the server's account reads.

The course signs what it sends an LMS (a deep-linking answer, a request for a token)
with its newest key; the LMS checks it against the course's public keys, served as a
JWKS at ``/lti/jwks``. A key is made once, when the first is needed, as
``key-<when>-<kid>.pem`` (mode 0600, :mod:`commonground.private_files`). Rotating makes a
new key, which signs from then on; the old one is still served, so what it signed still
checks, until the administrator removes it.
"""

from __future__ import annotations

import base64
import datetime as _dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from commonground.errors import StoreError
from commonground.private_files import create_private, private_folder

__all__ = ["KEY_BITS", "SigningKey", "current_key", "jwks", "keys", "remove_key", "rotate"]

KEY_BITS = 2048
_PATTERN = "key-*.pem"


@dataclass(frozen=True)
class SigningKey:
    kid: str
    path: Path
    made: str  # when, as written in the file's name (UTC, YYYYmmddHHMMSS)

    def private_pem(self) -> bytes:
        return self.path.read_bytes()

    def public_jwk(self) -> dict[str, Any]:
        private = serialization.load_pem_private_key(self.private_pem(), password=None)
        assert isinstance(private, rsa.RSAPrivateKey)
        jwk: dict[str, Any] = json.loads(RSAAlgorithm.to_jwk(private.public_key()))
        return {**jwk, "kid": self.kid, "alg": "RS256", "use": "sig"}


def _kid(private: rsa.RSAPrivateKey) -> str:
    der = private.public_key().public_bytes(serialization.Encoding.DER,
                                            serialization.PublicFormat.SubjectPublicKeyInfo)
    return base64.urlsafe_b64encode(hashlib.sha256(der).digest()[:12]).decode().rstrip("=")


def keys(folder: Path) -> list[SigningKey]:
    """The course's keys in ``folder``, oldest first (none when it is not there)."""
    found = []
    for path in sorted(folder.glob(_PATTERN)) if folder.is_dir() else []:
        _, made, kid = path.stem.split("-", 2)
        found.append(SigningKey(kid, path, made))
    return found


def _make(folder: Path) -> SigningKey:
    private = rsa.generate_private_key(public_exponent=65537, key_size=KEY_BITS)
    pem = private.private_bytes(serialization.Encoding.PEM,
                                serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    made = _dt.datetime.now(_dt.UTC).strftime("%Y%m%d%H%M%S%f")
    kid = _kid(private)
    path = create_private(private_folder(folder) / f"key-{made}-{kid}.pem")
    path.write_bytes(pem)
    return SigningKey(kid, path, made)


def current_key(folder: Path) -> SigningKey:
    """The key the course signs with: the newest, made now if there is none."""
    found = keys(folder)
    return found[-1] if found else _make(folder)


def rotate(folder: Path) -> SigningKey:
    """A new key that signs from now on; the older ones are still served."""
    return _make(folder)


def remove_key(folder: Path, kid: str) -> SigningKey:
    """Stop serving an old key. The one the course signs with cannot be removed."""
    found = keys(folder)
    match = [k for k in found if k.kid == kid.strip()]
    if not match:
        raise StoreError(f"The course has no key {kid!r}. See them with: "
                         "commonground lti list")
    if match[0] == found[-1]:
        raise StoreError(f"Key {kid} is the one the course signs with now; rotate first "
                         "(commonground lti rotate-key), then remove it.")
    match[0].path.unlink()
    return match[0]


def jwks(folder: Path) -> dict[str, list[dict[str, Any]]]:
    """The course's public keys (every key still kept), as a JWKS."""
    current_key(folder)
    return {"keys": [k.public_jwk() for k in keys(folder)]}
