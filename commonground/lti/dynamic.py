"""LTI Dynamic Registration: the LMS administrator pastes one address, and the course
registers itself.

The address (``commonground lti registration-url`` prints it) is the course's
``/lti/register`` with an invitation only the course administrator has (a file beside
the course's keys, mode 0600), so no stranger can register an LMS of their own. The LMS
opens it with ``openid_configuration`` (where its settings are) and a
``registration_token``; the course reads the settings, posts its own registration (its
login, launch and key addresses) to the LMS's registration endpoint, and keeps the
platform the LMS answers with: issuer, client id, deployment, endpoints.
"""

from __future__ import annotations

import json
import secrets
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from commonground.data.lti_platforms import Platform, check_url
from commonground.data.store import Store
from commonground.errors import StoreError
from commonground.private_files import create_private

from .settings import Addresses

__all__ = ["PLATFORM_CONFIGURATION", "SCOPES", "TOOL_CONFIGURATION", "RegistrationFailed",
           "register", "registration_invite", "tool_registration"]

TOOL_CONFIGURATION = "https://purl.imsglobal.org/spec/lti-tool-configuration"
PLATFORM_CONFIGURATION = "https://purl.imsglobal.org/spec/lti-platform-configuration"
_LIMIT = 1_000_000
# What the course asks the LMS to let it do: send scores to the gradebook, read its
# columns and results (AGS), and read the course's roster (NRPS). An LMS turns on only
# the services asked for here (Moodle sets "IMS LTI Assignment and Grade Services" and
# "Names and Role Provisioning" from these scopes, and leaves them off without them).
SCOPES = (
    "https://purl.imsglobal.org/spec/lti-ags/scope/score",
    "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly",
    "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly",
    "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly",
)


class RegistrationFailed(Exception):
    """Registration did not finish; the message says why, for the LMS administrator."""


def registration_invite(folder: Path) -> str:
    """The invitation in the course's registration address (made once, kept 0600)."""
    path = folder / "registration-invite"
    if path.exists() and path.read_text().strip():
        return path.read_text().strip()
    create_private(path)
    invite = secrets.token_urlsafe(24)
    path.write_text(invite + "\n")
    return invite


def tool_registration(addresses: Addresses) -> dict[str, Any]:
    """What the course tells the LMS about itself (the OpenID client registration with
    LTI's tool configuration)."""
    return {
        "application_type": "web",
        "response_types": ["id_token"],
        "grant_types": ["implicit", "client_credentials"],
        "initiate_login_uri": addresses.login,
        "redirect_uris": [addresses.launch],
        "client_name": "Common Ground",
        "jwks_uri": addresses.jwks,
        "token_endpoint_auth_method": "private_key_jwt",
        "scope": " ".join(SCOPES),
        TOOL_CONFIGURATION: {
            "domain": urlsplit(addresses.tool).netloc,
            "target_link_uri": addresses.tool,
            "description": "Common Ground: building person-centred partnerships, a course "
                           "for community-services workers.",
            "claims": ["iss", "sub", "name", "given_name", "family_name"],
            # Deep Linking: an LMS offers the course in its "add an activity" picker
            # (Moodle's "Select content") only when the registration names it.
            "messages": [{"type": "LtiResourceLinkRequest",
                          "target_link_uri": addresses.tool},
                         {"type": "LtiDeepLinkingRequest",
                          "target_link_uri": addresses.tool,
                          "label": "Add Common Ground modules"}],
        },
    }


def _get_json(url: str) -> dict[str, Any]:
    try:
        with urllib.request.urlopen(url, timeout=15) as answer:
            found = json.loads(answer.read(_LIMIT).decode("utf-8"))
    except (OSError, ValueError) as e:
        raise RegistrationFailed(f"The course could not read the LMS's settings at {url} "
                                 f"({e}). Nothing was registered.") from None
    if not isinstance(found, dict):
        raise RegistrationFailed("The LMS's settings are not what LTI registration "
                                 "expects. Nothing was registered.")
    return found


def _post_json(url: str, body: dict[str, Any], token: str) -> dict[str, Any]:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json",
                                              "Accept": "application/json"})
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=15) as answer:
            found = json.loads(answer.read(_LIMIT).decode("utf-8"))
    except urllib.error.HTTPError as e:
        raise RegistrationFailed(f"The LMS refused the course's registration (it answered "
                                 f"{e.code}). Nothing was registered.") from None
    except (OSError, ValueError) as e:
        raise RegistrationFailed(f"The course could not send its registration to the LMS "
                                 f"({e}). Nothing was registered.") from None
    if not isinstance(found, dict) or not found.get("client_id"):
        raise RegistrationFailed("The LMS's answer to the registration gave the course no "
                                 "client id. Nothing was registered.")
    return found


def register(store: Store, config_url: str, token: str, addresses: Addresses,
             folder: Path) -> Platform:
    """Register the course with the LMS whose settings are at ``config_url``."""
    del folder  # the keys are served at addresses.jwks; nothing else is needed here
    try:
        config_url = check_url(config_url, "LMS's settings address (openid_configuration)")
    except StoreError as e:
        raise RegistrationFailed(str(e).replace("Nothing was saved.",
                                                "Nothing was registered.")) from None
    config = _get_json(config_url)
    issuer = str(config.get("issuer", ""))
    needed = ("issuer", "authorization_endpoint", "registration_endpoint", "jwks_uri")
    missing = [k for k in needed if not config.get(k)]
    if missing:
        raise RegistrationFailed("The LMS's settings leave out " + ", ".join(missing)
                                 + ". Nothing was registered.")
    if urlsplit(issuer).netloc != urlsplit(config_url).netloc:
        raise RegistrationFailed(f"The LMS's settings name another site ({issuer}) than "
                                 "the one they came from. Nothing was registered.")
    answer = _post_json(str(config["registration_endpoint"]),
                        tool_registration(addresses), token)
    tool = answer.get(TOOL_CONFIGURATION) or {}
    deployment = str(tool.get("deployment_id", "")) if isinstance(tool, dict) else ""
    product = config.get(PLATFORM_CONFIGURATION) or {}
    name = str(product.get("product_family_code", "")) if isinstance(product, dict) else ""
    existing = store.lti.find(issuer, str(answer["client_id"]))
    if existing is not None:
        return store.lti.add_deployment(existing.id, deployment) if deployment else existing
    return store.lti.add(
        issuer=issuer, client_id=str(answer["client_id"]),
        auth_login_url=str(config["authorization_endpoint"]),
        jwks_url=str(config["jwks_uri"]),
        auth_token_url=str(config.get("token_endpoint", "")),
        deployment_ids=[deployment] if deployment else [], name=name.capitalize())
