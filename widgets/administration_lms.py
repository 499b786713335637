"""The LMSs on the course administrator's page (view of
:class:`commonground.pages.lms_registration.LmsRegistration`): the LMSs registered, what to
give an LMS, registering one by hand, and making a new signing key.

Test hooks: ``section.register(**fields)`` (``issuer``, ``client_id``, ``deployment_id``,
``login_url``, ``token_url``, ``jwks_url``, ``name``), ``section.rotate_key()``,
``section.draw()``; ``section.listing``, ``section.fields``.
"""

from __future__ import annotations

import ipywidgets as w

from commonground.pages.lms_registration import LmsRegistration
from commonground.templates import render

from ._errors import MessageArea, guarded
from ._fields import text_field

__all__ = ["FIELDS", "LmsSection"]

# field -> (its label, an example)
FIELDS = {
    "name": ("The LMS's name (optional):", "e.g. Moodle"),
    "issuer": ("Issuer (platform id):", "https://moodle.example.org"),
    "client_id": ("Client id:", "as the LMS shows it"),
    "deployment_id": ("Deployment id:", "as the LMS shows it"),
    "login_url": ("Login address:", "https://moodle.example.org/mod/lti/auth.php"),
    "token_url": ("Access token address:", "https://moodle.example.org/mod/lti/token.php"),
    "jwks_url": ("Public keys (JWKS):", "https://moodle.example.org/mod/lti/certs.php"),
}


class LmsSection(w.VBox):
    def __init__(self, model: LmsRegistration, message: MessageArea):
        self.model = model
        self.message = message
        on = guarded(message)
        self.listing = w.HTML()
        self.fields = {name: text_field(description=label, placeholder=example)
                       for name, (label, example) in FIELDS.items()}
        self.register_button = w.Button(
            description="Register this LMS", icon="plus", button_style="primary",
            tooltip="Check every field, then take this LMS's launches")
        self.register_button.on_click(on(lambda _b: self.register(
            **{name: field.value for name, field in self.fields.items()})))
        self.rotate_button = w.Button(
            description="Make a new signing key", icon="key",
            tooltip="The new key signs from now on; the old one is still served, so "
                    "what it signed still checks")
        self.rotate_button.on_click(on(lambda _b: self.rotate_key()))
        super().__init__([
            self.listing,
            w.HTML(render("dashboard/heading3.html", title="Register an LMS by hand",
                          note="Copy these from the LMS's tool registration page (Moodle "
                          "calls the login address the authentication request URL, and the "
                          "public keys the public keyset URL). Every field is checked "
                          "before anything is saved.")),
            *self.fields.values(), self.register_button,
            w.HTML(render("dashboard/heading3.html", title="A new signing key",
                          note="Make one if the course's key may have been seen by "
                          "someone else, or as your organisation's key policy asks.")),
            self.rotate_button,
        ])
        self.add_class("cg-admin-lms")
        self.draw()

    def draw(self) -> None:
        self.listing.value = render("administration/lms.html",
                                    platforms=self.model.platforms(),
                                    addresses=self.model.addresses(),
                                    keys=self.model.signing_keys())

    def register(self, *, issuer: str = "", client_id: str = "", deployment_id: str = "",
                 login_url: str = "", token_url: str = "", jwks_url: str = "",
                 name: str = "") -> None:
        said = self.model.register(issuer=issuer, client_id=client_id,
                                   deployment_id=deployment_id, login_url=login_url,
                                   token_url=token_url, jwks_url=jwks_url, name=name)
        for field in self.fields.values():
            field.value = ""
        self.message.show(said)
        self.draw()

    def rotate_key(self) -> None:
        self.message.show(self.model.rotate_key())
        self.draw()
