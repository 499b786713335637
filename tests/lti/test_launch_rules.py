"""What a launch decides from its claims: roles, the page it lands on, the person's key."""

from __future__ import annotations

import pytest

from commonground.lti.launch import CLAIM, kind_for, lti_login, page_for

LIS = "http://purl.imsglobal.org/vocab/lis/v2/"
MODULES = ("00_welcome", "01_safe_environment", "02_listening")


@pytest.mark.parametrize(("roles", "kind"), [
    ([LIS + "membership#Learner"], "trainee"),
    ([LIS + "institution/person#Student", LIS + "membership#Learner"], "trainee"),
    ([LIS + "membership#Instructor"], "facilitator"),
    ([LIS + "membership/Instructor#TeachingAssistant"], "facilitator"),
    ([LIS + "institution/person#Administrator"], "facilitator"),
    ([LIS + "membership#Learner", LIS + "membership#Instructor"], "facilitator"),
    ([LIS + "membership#Mentor"], None),
    ([], None),
])
def test_lms_roles_make_a_trainee_or_a_facilitator(roles, kind):
    assert kind_for(roles) == kind


def test_the_link_names_the_module_by_custom_parameter_or_target_address():
    custom = {CLAIM + "custom": {"module": "02_listening"}}
    assert page_for(custom, "trainee", MODULES) == "02_listening.ipynb"
    target = {CLAIM + "target_link_uri": "https://c.example/voila/render/01_safe_environment.ipynb"}
    assert page_for(target, "trainee", MODULES) == "01_safe_environment.ipynb"
    assert page_for({CLAIM + "custom": {"module": "../secret"}}, "trainee", MODULES) == (
        "00_welcome.ipynb")
    assert page_for(custom, "facilitator", MODULES) == "facilitator_dashboard.ipynb"


def test_a_person_is_keyed_by_issuer_course_and_sub_never_by_name():
    one = lti_login("https://lms.example", "c1", "sub-1")
    assert one == lti_login("https://lms.example", "c1", "sub-1")
    assert one != lti_login("https://lms.example", "c1", "sub-2")
    assert one != lti_login("https://other.example", "c1", "sub-1")
    assert one.startswith("lti:") and "sub-1" not in one
