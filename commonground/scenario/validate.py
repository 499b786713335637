"""A small JSON Schema validator for the subset ``schema.SCHEMA`` uses.

``jsonschema`` takes about a second to import, and scenarios are loaded in every
trainee's kernel. This covers exactly the keywords our schema uses: ``$ref`` to
``#/$defs/...``, type (one or a list), const, enum, required, properties,
additionalProperties (bool or schema), propertyNames, minProperties, items, minItems,
minLength and pattern. Errors have the attributes ``load._translate`` reads, the same
names ``jsonschema`` uses. tests/test_scenario_schema.py checks the two agree.
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
    "boolean": (bool,),
    "null": (type(None),),
}


@dataclass
class SchemaError:
    validator: str
    message: str
    instance: Any
    schema: dict
    absolute_path: tuple = ()
    validator_value: Any = None
    schema_path: list = field(default_factory=list)


def _is(value: Any, name: str) -> bool:
    if isinstance(value, bool) and name == "integer":
        return False
    return isinstance(value, _TYPES[name])


def iter_errors(instance: Any, schema: dict, root: dict | None = None, path: tuple = (),
                where: tuple = ()) -> Iterator[SchemaError]:
    root = schema if root is None else root
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        yield from iter_errors(instance, root["$defs"][name], root, path, where)
        return

    def err(kind: str, message: str, value: Any = None) -> SchemaError:
        return SchemaError(kind, message, instance, schema, path, value, [*where, kind])

    kind = schema.get("type")
    if kind is not None:
        names = kind if isinstance(kind, list) else [kind]
        if not any(_is(instance, n) for n in names):
            yield err("type", f"{instance!r} is not of type {kind!r}", kind)
            return
    if "const" in schema and instance != schema["const"]:
        yield err("const", f"{schema['const']!r} was expected", schema["const"])
    if "enum" in schema and instance not in schema["enum"]:
        yield err("enum", f"{instance!r} is not one of {schema['enum']!r}", schema["enum"])
    if isinstance(instance, str):
        if len(instance) < schema.get("minLength", 0):
            yield err("minLength", f"{instance!r} is too short", schema["minLength"])
        if "pattern" in schema and not re.search(schema["pattern"], instance):
            yield err("pattern", f"{instance!r} does not match {schema['pattern']!r}",
                      schema["pattern"])
    if isinstance(instance, list):
        if len(instance) < schema.get("minItems", 0):
            yield err("minItems", f"{instance!r} should be non-empty", schema["minItems"])
        if "items" in schema:
            for i, item in enumerate(instance):
                yield from iter_errors(item, schema["items"], root, (*path, i), (*where, "items"))
    if isinstance(instance, dict):
        if len(instance) < schema.get("minProperties", 0):
            yield err("minProperties", f"{instance!r} should be non-empty", schema["minProperties"])
        for name in schema.get("required", []):
            if name not in instance:
                yield err("required", f"'{name}' is a required property", schema["required"])
        if "propertyNames" in schema:
            for key in instance:
                yield from iter_errors(key, schema["propertyNames"], root, path,
                                       (*where, "propertyNames"))
        props = schema.get("properties", {})
        extra = schema.get("additionalProperties", True)
        unexpected = [k for k in instance if k not in props]
        if extra is False and unexpected:
            listed = ", ".join(repr(k) for k in unexpected)
            yield err("additionalProperties", f"Additional properties are not allowed ({listed} "
                      f"{'was' if len(unexpected) == 1 else 'were'} unexpected)", False)
        for key, value in instance.items():
            if key in props:
                yield from iter_errors(value, props[key], root, (*path, key),
                                       (*where, "properties", key))
            elif isinstance(extra, dict):
                yield from iter_errors(value, extra, root, (*path, key),
                                       (*where, "additionalProperties"))
