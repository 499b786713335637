"""The email settings: read from the course's environment only, checked, and every
problem said in words a facilitator can pass on; the password never on a command line."""

from __future__ import annotations

import argparse

import pytest

from commonground.admin.cli import build_parser
from commonground.environment import MailEnvironment, read_mail
from commonground.mail.settings import MailError, mail_settings

SENDER = "Common Ground <course@example.org>"


def test_read_from_the_environment(tmp_path):
    secret = tmp_path / "smtp_password"
    secret.write_text("s3cret\n", encoding="utf-8")
    env = read_mail({"COMMONGROUND_SMTP_HOST": "smtp.example.org",
                     "COMMONGROUND_SMTP_USER": "course",
                     "COMMONGROUND_SMTP_PASSWORD_FILE": str(secret),
                     "COMMONGROUND_MAIL_FROM": SENDER})
    settings = mail_settings(env)
    assert (settings.host, settings.port, settings.security) == ("smtp.example.org", 587,
                                                                 "starttls")
    assert (settings.user, settings.password, settings.sender) == ("course", "s3cret", SENDER)
    assert "s3cret" not in repr(settings) and "s3cret" not in repr(env)


@pytest.mark.parametrize(("security", "port"), [("tls", 465), ("TLS", 465), ("starttls", 587)])
def test_each_way_has_its_usual_port(security, port):
    env = MailEnvironment(host="smtp.example.org", security=security, sender=SENDER)
    assert mail_settings(env).port == port


@pytest.mark.parametrize(("env", "words"), [
    (MailEnvironment(), "no email server is named (COMMONGROUND_SMTP_HOST)"),
    (MailEnvironment(host="smtp.example.org"), "no sender address"),
    (MailEnvironment(host="smtp.example.org", sender="course"), "not an email address"),
    (MailEnvironment(host="smtp.example.org", sender=SENDER, port="smtp"), "not a port number"),
    (MailEnvironment(host="smtp.example.org", sender=SENDER, security="ssl"),
     "it should be starttls, tls or none"),
    (MailEnvironment(host="smtp.example.org", sender=SENDER, security="none"),
     "only allowed for an email server on this computer"),
    (MailEnvironment(host="smtp.example.org", sender=SENDER, user="course"), "no password"),
    (MailEnvironment(host="smtp.example.org", sender=SENDER, user="course",
                     password_file="/nonexistent/pw"), "cannot be read"),
    (MailEnvironment(host="smtp.example.org", sender=SENDER, templates="/nonexistent/t"),
     "templates folder"),
])
def test_problems_are_said(env, words):
    with pytest.raises(MailError) as caught:
        mail_settings(env)
    said = str(caught.value)
    assert said.startswith("Email is not set up on this course server: ") and words in said
    assert "Nothing was sent." in said


def test_no_command_takes_a_password():
    options = set()
    stack = [build_parser()]
    while stack:
        parser = stack.pop()
        for action in parser._actions:
            options.update(action.option_strings)
            if isinstance(action, argparse._SubParsersAction):
                stack.extend(action.choices.values())
    assert "--db" in options and not any("password" in o or "smtp" in o for o in options)
