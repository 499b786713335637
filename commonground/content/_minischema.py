"""A small JSON Schema validator for the subset our data files use.

`jsonschema` costs about a second and 30 MB at import, paid by every trainee kernel
that loads course content or a scenario. Our schemas (course.py's and scenario/schema.py's)
only use the keywords in ``KEYWORDS``: $ref ("#/$defs/<name>"), type (one or a list),
const, enum, anyOf, required, properties, additionalProperties (bool or schema),
propertyNames, minProperties, items, minItems, minLength, maxLength, pattern, minimum and
maximum. Annotations ($schema, $id, title, description, $defs) are accepted and ignored.

Errors carry the attributes callers read, named as in `jsonschema`: ``validator``,
``message``, ``instance``, ``schema``, ``absolute_path``, ``validator_value`` and
``schema_path``. tests/content/test_minischema.py and tests/scenario/test_schema.py check that we
agree with `jsonschema` on valid and broken data, and that our schemas use nothing else.

One deliberate difference: `jsonschema` counts ``1.0`` as an ``integer``; we do not, so a
whole-number field never receives a float.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

_TYPES: dict[str, tuple[type, ...]] = {
    "object": (dict,),
    "array": (list,),
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "null": (type(None),),
}

#: Validation keywords this module implements.
KEYWORDS = frozenset({
    "$ref", "type", "const", "enum", "anyOf", "required", "properties",
    "additionalProperties", "propertyNames", "minProperties", "items", "minItems",
    "minLength", "maxLength", "pattern", "minimum", "maximum",
})
#: Keywords that only annotate or hold definitions; they never produce errors.
ANNOTATIONS = frozenset({"$schema", "$id", "$defs", "title", "description"})


@dataclass
class SchemaError:
    validator: str
    message: str
    instance: Any
    schema: dict
    absolute_path: list = field(default_factory=list)
    validator_value: Any = None
    schema_path: list = field(default_factory=list)


def _is_type(value: Any, name: str) -> bool:
    if isinstance(value, bool) and name in ("integer", "number"):
        return False
    return isinstance(value, _TYPES[name])


def _equal(one: Any, two: Any) -> bool:
    """Equality as JSON Schema means it: ``true`` is not ``1``, ``1`` is ``1.0``."""
    if isinstance(one, bool) or isinstance(two, bool):
        return type(one) is type(two) and one == two
    if isinstance(one, list) and isinstance(two, list):
        return len(one) == len(two) and all(_equal(a, b) for a, b in zip(one, two, strict=True))
    if isinstance(one, dict) and isinstance(two, dict):
        return one.keys() == two.keys() and all(_equal(one[k], two[k]) for k in one)
    return one == two


def iter_errors(instance: Any, schema: dict, root: dict | None = None, path: tuple = (),
                where: tuple = ()) -> Iterator[SchemaError]:
    """Yield every way ``instance`` breaks ``schema`` (nothing if it is valid).

    ``root`` holds ``$defs`` for ``$ref``; ``path`` and ``where`` are the positions in the
    instance and the schema so far (callers leave them out).
    """
    root = schema if root is None else root
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        yield from iter_errors(instance, root["$defs"][name], root, path, where)
        return

    def err(kind: str, message: str, value: Any = None) -> SchemaError:
        return SchemaError(kind, message, instance, schema, list(path), value, [*where, kind])

    kind = schema.get("type")
    if kind is not None:
        names = kind if isinstance(kind, list) else [kind]
        if not any(_is_type(instance, n) for n in names):
            yield err("type", f"{instance!r} is not of type {kind!r}", kind)
            return
    if "const" in schema and not _equal(instance, schema["const"]):
        yield err("const", f"{schema['const']!r} was expected", schema["const"])
    if "enum" in schema and not any(_equal(instance, v) for v in schema["enum"]):
        yield err("enum", f"{instance!r} is not one of {schema['enum']!r}", schema["enum"])
    if "anyOf" in schema:
        options = schema["anyOf"]
        if all(next(iter_errors(instance, s, root, path), None) for s in options):
            yield err("anyOf", f"{instance!r} is not valid under any of the given schemas", options)
    if isinstance(instance, str):
        if len(instance) < schema.get("minLength", 0):
            yield err("minLength", f"{instance!r} is too short", schema["minLength"])
        if "maxLength" in schema and len(instance) > schema["maxLength"]:
            yield err("maxLength", f"{instance[:40]!r}… is too long", schema["maxLength"])
        if "pattern" in schema and not re.search(schema["pattern"], instance):
            yield err("pattern", f"{instance!r} does not match {schema['pattern']!r}",
                      schema["pattern"])
    if _is_type(instance, "number"):
        if "minimum" in schema and instance < schema["minimum"]:
            yield err("minimum", f"{instance!r} is less than the minimum of {schema['minimum']!r}",
                      schema["minimum"])
        if "maximum" in schema and instance > schema["maximum"]:
            yield err("maximum", f"{instance!r} is greater than the maximum of "
                      f"{schema['maximum']!r}", schema["maximum"])
    if isinstance(instance, list):
        if len(instance) < schema.get("minItems", 0):
            yield err("minItems", f"{instance!r} should be non-empty", schema["minItems"])
        if "items" in schema:
            for i, item in enumerate(instance):
                yield from iter_errors(item, schema["items"], root, (*path, i), (*where, "items"))
    if isinstance(instance, dict):
        if len(instance) < schema.get("minProperties", 0):
            yield err("minProperties", f"{instance!r} should be non-empty",
                      schema["minProperties"])
        for name in schema.get("required", []):
            if name not in instance:
                yield err("required", f"'{name}' is a required property", schema["required"])
        if "propertyNames" in schema:
            for key in instance:  # a bad key is reported where the mapping is, like jsonschema
                yield from iter_errors(key, schema["propertyNames"], root, path,
                                       (*where, "propertyNames"))
        props = schema.get("properties", {})
        extra = schema.get("additionalProperties", True)
        unexpected = [k for k in instance if k not in props]
        if extra is False and unexpected:
            listed = ", ".join(repr(k) for k in unexpected)
            yield err(
                "additionalProperties",
                f"Additional properties are not allowed ({listed} "
                f"{'was' if len(unexpected) == 1 else 'were'} unexpected)",
                False,
            )
        for key, value in instance.items():
            if key in props:
                yield from iter_errors(value, props[key], root, (*path, key),
                                       (*where, "properties", key))
            elif isinstance(extra, dict):
                yield from iter_errors(value, extra, root, (*path, key),
                                       (*where, "additionalProperties"))


def keywords_used(schema: Any) -> set[str]:
    """Every keyword a schema uses, at any depth (for checking we support them all)."""
    found: set[str] = set()
    if isinstance(schema, dict):
        for key, value in schema.items():
            found.add(key)
            if key in ("properties", "$defs"):
                for sub in value.values():
                    found |= keywords_used(sub)
            elif key in ("items", "additionalProperties", "propertyNames"):
                found |= keywords_used(value)
            elif key == "anyOf":
                for sub in value:
                    found |= keywords_used(sub)
    return found
