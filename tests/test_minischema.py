"""Our small validator agrees with `jsonschema` on our schemas, good data and bad."""

import jsonschema
import pytest

from commonground._minischema import iter_errors
from commonground.course import COURSE_SCHEMA, PROMPTS_SCHEMA

GOOD_PROMPTS = {
    "schema_version": 1,
    "module": "m1",
    "prompts": [{"id": "a", "title": "T", "text": "x", "points": 5}],
}

CASES = [
    (PROMPTS_SCHEMA, GOOD_PROMPTS),
    (PROMPTS_SCHEMA, {**GOOD_PROMPTS, "schema_version": 2}),
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
    ({"anyOf": [{"type": "string"}, {"type": "integer"}]}, 3),
    ({"anyOf": [{"type": "string"}, {"type": "integer"}]}, 3.5),
    ({"type": "string", "maxLength": 2}, "abc"),
    ({"enum": ["a", "b"]}, "c"),
    ({"$defs": {"n": {"type": "integer", "maximum": 3}}, "items": {"$ref": "#/$defs/n"},
      "type": "array"}, [1, 5]),
    ({"type": "object", "additionalProperties": {"type": "integer"}}, {"a": 1, "b": "x"}),
]


@pytest.mark.parametrize(("schema", "data"), CASES)
def test_agrees_with_jsonschema(schema, data):
    expected = sorted(
        (list(e.absolute_path), e.validator)
        for e in jsonschema.Draft202012Validator(schema).iter_errors(data)
    )
    ours = sorted((e.absolute_path, e.validator) for e in iter_errors(data, schema))
    assert ours == expected
