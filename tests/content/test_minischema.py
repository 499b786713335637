"""Our small validator agrees with `jsonschema` on our schemas, good data and bad.

It is the one validator for every data file: course.yaml, prompts, the glossary and
scenarios (tests/scenario/test_schema.py runs the same comparison over scenario files).
"""

import jsonschema
import pytest

from commonground.content._minischema import ANNOTATIONS, KEYWORDS, iter_errors, keywords_used
from commonground.content.course import COURSE_SCHEMA, GLOSSARY_SCHEMA, PROMPTS_SCHEMA
from commonground.scenario import SCHEMA as SCENARIO_SCHEMA

GOOD_PROMPTS = {
    "schema_version": 1,
    "module": "m1",
    "prompts": [{"id": "a", "title": "T", "text": "x", "points": 5}],
}

NAMES = {"type": "object", "propertyNames": {"pattern": "^[a-z]+$"}, "minProperties": 1,
         "additionalProperties": {"$ref": "#/$defs/n"}, "$defs": {"n": {"type": "integer"}}}

CASES = [
    (PROMPTS_SCHEMA, GOOD_PROMPTS),
    (PROMPTS_SCHEMA, {**GOOD_PROMPTS, "schema_version": 2}),
    (PROMPTS_SCHEMA, {**GOOD_PROMPTS, "schema_version": True}),
    (PROMPTS_SCHEMA, {**GOOD_PROMPTS, "extra": 1}),
    (PROMPTS_SCHEMA, {"schema_version": 1, "module": "Bad Id", "prompts": []}),
    (PROMPTS_SCHEMA, {**GOOD_PROMPTS, "prompts": [{"id": "a", "title": "", "text": 3}]}),
    (PROMPTS_SCHEMA, {**GOOD_PROMPTS, "prompts": [{"id": "a", "title": "T", "text": "x",
                                                   "points": -1}]}),
    (PROMPTS_SCHEMA, {**GOOD_PROMPTS, "prompts": [{"id": "a", "title": "T", "text": "x",
                                                   "points": True}]}),
    (PROMPTS_SCHEMA, {**GOOD_PROMPTS, "prompts": "not a list"}),
    (COURSE_SCHEMA, {"schema_version": 1, "title": "T", "modules": []}),
    (COURSE_SCHEMA, {"schema_version": 1, "title": "T", "modules": [{"id": "a"}]}),
    (COURSE_SCHEMA, {"schema_version": 1, "title": "T",
                     "modules": [{"id": "a", "title": "A", "minutes": 1.5}]}),
    (GLOSSARY_SCHEMA, {"schema_version": 1, "terms": [{"term": "ITP", "meaning": "",
                                                       "also": ["", 3]}]}),
    (SCENARIO_SCHEMA, {"schema_version": 1, "roles": {}, "nodes": {"Bad Name": {"text": []}},
                       "variables": {"x": {"initial": "1"}}, "minutes": 0}),
    ({"anyOf": [{"type": "string"}, {"type": "integer"}]}, 3),
    ({"anyOf": [{"type": "string"}, {"type": "integer"}]}, 3.5),
    ({"type": "string", "maxLength": 2}, "abc"),
    ({"enum": ["a", "b"]}, "c"),
    ({"enum": [1, "b"]}, True),
    ({"enum": [[1, 2], {"a": False}]}, {"a": 0}),
    ({"enum": [[1, 2], {"a": False}]}, [1.0, 2]),
    ({"const": False}, 0),
    ({"$defs": {"n": {"type": "integer", "maximum": 3}}, "items": {"$ref": "#/$defs/n"},
      "type": "array"}, [1, 5]),
    ({"type": "object", "additionalProperties": {"type": "integer"}}, {"a": 1, "b": "x"}),
    (NAMES, {}),
    (NAMES, {"ok": 1, "Not OK": 2, "also bad": "x"}),
    ({"type": ["string", "array"], "pattern": "^a", "minItems": 1, "items": {"type": "string"}},
     "b"),
    ({"type": ["string", "array"], "pattern": "^a", "minItems": 1, "items": {"type": "string"}},
     [3]),
    ({"type": ["string", "array"], "pattern": "^a", "minItems": 1, "items": {"type": "string"}},
     []),
]


def _keys(errors):
    return sorted((list(e.absolute_path), list(e.schema_path), e.validator) for e in errors)


@pytest.mark.parametrize(("schema", "data"), CASES)
def test_agrees_with_jsonschema(schema, data):
    expected = _keys(jsonschema.Draft202012Validator(schema).iter_errors(data))
    assert _keys(iter_errors(data, schema)) == expected


@pytest.mark.parametrize(
    "schema", [COURSE_SCHEMA, PROMPTS_SCHEMA, GLOSSARY_SCHEMA, SCENARIO_SCHEMA],
    ids=["course", "prompts", "glossary", "scenario"])
def test_our_schemas_use_only_keywords_it_implements(schema):
    jsonschema.Draft202012Validator.check_schema(schema)
    assert keywords_used(schema) - KEYWORDS - ANNOTATIONS == set()


def test_keywords_used_looks_inside_nested_schemas():
    assert {"propertyNames", "pattern", "minProperties", "$ref", "$defs", "type"} <= (
        keywords_used(NAMES))
    assert "uniqueItems" in keywords_used({"anyOf": [{"items": {"uniqueItems": True}}]})


def test_a_float_is_never_a_whole_number():
    """The one documented difference: jsonschema accepts 1.0 as an integer; we do not."""
    schema = {"type": "integer"}
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(1.0)) == []
    assert [e.validator for e in iter_errors(1.0, schema)] == ["type"]
