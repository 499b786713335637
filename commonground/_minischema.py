"""A small JSON Schema validator for the subset our data files use.

`jsonschema` costs about a second and 30 MB at import, paid by every trainee kernel
that loads course content. Our schemas only use: type, const, enum, required,
properties, additionalProperties (bool or schema), items, minItems, minLength,
maxLength, pattern, minimum, maximum, anyOf, and $defs/$ref ("#/$defs/<name>").
tests/test_minischema.py checks it agrees with `jsonschema` on valid and broken data.
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


@dataclass
class SchemaError:
    validator: str
    message: str
    instance: Any
    schema: dict
    absolute_path: list = field(default_factory=list)
    validator_value: Any = None


def _is_type(value: Any, name: str) -> bool:
    if isinstance(value, bool) and name in ("integer", "number"):
        return False
    return isinstance(value, _TYPES[name])


def iter_errors(instance: Any, schema: dict, root: dict | None = None, path=()) -> Iterator:
    root = schema if root is None else root
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        yield from iter_errors(instance, root["$defs"][name], root, path)
        return

    def err(kind: str, message: str, value=None):
        return SchemaError(kind, message, instance, schema, list(path), value)

    kind = schema.get("type")
    if kind is not None:
        names = kind if isinstance(kind, list) else [kind]
        if not any(_is_type(instance, n) for n in names):
            yield err("type", f"{instance!r} is not of type {kind!r}", kind)
            return
    if "const" in schema and instance != schema["const"]:
        yield err("const", f"{schema['const']!r} was expected", schema["const"])
    if "enum" in schema and instance not in schema["enum"]:
        yield err("enum", f"{instance!r} is not one of {schema['enum']!r}", schema["enum"])
    if "anyOf" in schema:
        options = schema["anyOf"]
        if not any(not list(iter_errors(instance, s, root, path)) for s in options):
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
                yield from iter_errors(item, schema["items"], root, (*path, i))
    if isinstance(instance, dict):
        for name in schema.get("required", []):
            if name not in instance:
                yield err("required", f"'{name}' is a required property", schema["required"])
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
                yield from iter_errors(value, props[key], root, (*path, key))
            elif isinstance(extra, dict):
                yield from iter_errors(value, extra, root, (*path, key))
