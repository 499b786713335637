"""``commonground lti ...``: registering an LMS by hand, the course's keys and addresses."""

from __future__ import annotations

import json
import stat

from commonground import environment
from commonground.admin.cli import main
from commonground.data.store import open_store
from commonground.lti.settings import key_folder

ADD = ["lti", "add-platform", "--issuer", "https://canvas.example.edu", "--client-id",
       "10000000000001", "--login-url", "https://sso.canvaslms.com/api/lti/authorize_redirect",
       "--jwks-url", "https://sso.canvaslms.com/api/lti/security/jwks", "--deployment",
       "1:abc", "--name", "Canvas"]


def test_an_administrator_registers_an_lms_and_lists_it(made_db, tmp_path, capsys):
    assert main([*ADD, "--db", made_db]) == 0
    assert "Registered 1. Canvas: issuer https://canvas.example.edu" in capsys.readouterr().out
    assert main(["lti", "list", "--db", made_db, "--public-url",
                 "https://course.example.org/"]) == 0
    out = capsys.readouterr().out
    assert "deployments: 1:abc" in out
    assert "login address https://course.example.org/lti/login" in out
    assert "public keys (JWKS) https://course.example.org/lti/jwks" in out


def test_a_file_of_registrations_is_all_checked_before_any_is_saved(made_db, tmp_path, capsys):
    path = tmp_path / "platforms.json"
    good = {"issuer": "https://moodle.example.org", "client_id": "x",
            "login_url": "https://moodle.example.org/mod/lti/auth.php",
            "jwks_url": "https://moodle.example.org/mod/lti/certs.php", "deployment_ids": ["2"]}
    path.write_text(json.dumps([good, {**good, "client_id": "y", "jwks_url": ""}]))
    assert main(["lti", "add-platform", "--file", str(path), "--db", made_db]) == 2
    assert "key set (JWKS) address is missing (--jwks-url). Nothing was saved." in (
        capsys.readouterr().err)
    path.write_text(json.dumps({**good, "colour": "blue"}))
    assert main(["lti", "add-platform", "--file", str(path), "--db", made_db]) == 2
    assert "fields the course does not know: colour" in capsys.readouterr().err
    store = open_store(made_db)
    assert store.lti.all() == []
    path.write_text(json.dumps([good]))
    assert main(["lti", "add-platform", "--file", str(path), "--db", made_db]) == 0
    assert [p.client_id for p in store.lti.all()] == ["x"]
    store.dispose()


def test_bad_input_gets_a_clear_message(made_db, capsys):
    bad = [a if a != "https://canvas.example.edu" else "canvas" for a in ADD]
    assert main([*bad, "--db", made_db]) == 2
    assert "must be a web address starting https://" in capsys.readouterr().err
    assert main([*ADD, "--db", made_db]) == 0
    assert main([*ADD, "--db", made_db]) == 2
    assert "already registered" in capsys.readouterr().err
    assert main(["lti", "add-deployment", "9", "x", "--db", made_db]) == 2
    assert "no platform number 9" in capsys.readouterr().err


def test_keys_are_rotated_and_the_registration_address_is_private(made_db, tmp_path, capsys,
                                                                  monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))  # keys beside PostgreSQL's
    monkeypatch.delenv(environment.PUBLIC_URL, raising=False)
    assert main(["lti", "rotate-key", "--db", made_db]) == 0
    assert main(["lti", "rotate-key", "--db", made_db]) == 0
    assert "old key(s) are still served" in capsys.readouterr().out
    assert main(["lti", "registration-url", "--db", made_db]) == 2
    assert "--public-url" in capsys.readouterr().err
    assert main(["lti", "registration-url", "--db", made_db, "--public-url",
                 "https://course.example.org/"]) == 0
    assert "https://course.example.org/lti/register?invite=" in capsys.readouterr().out
    invite = key_folder(made_db) / "registration-invite"
    assert stat.S_IMODE(invite.stat().st_mode) == 0o600


def test_a_cohort_not_from_an_lms_has_no_roster_to_pull(made_db, capsys):
    store = open_store(made_db)
    store.people.create_cohort("By hand")
    store.dispose()
    assert main(["lti", "roster", "By hand", "--db", made_db]) == 2
    assert "has not said where its roster is" in capsys.readouterr().err
