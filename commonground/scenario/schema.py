"""The versioned JSON Schema for scenario files, and the upgrade registry.

When the format changes: raise ``SCHEMA_VERSION``, change ``SCHEMA``, and add a
function to ``UPGRADES`` keyed by the *old* version that turns a document of that
version into a document of the next one. ``upgrade`` applies them in order, so old
files keep loading.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..content.datafile import apply_upgrades

SCHEMA_VERSION = 1

#: old version -> function(document) -> document of version old + 1
UPGRADES: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}

ID_PATTERN = r"^[a-z][a-z0-9_]*$"
MODULE_PATTERN = r"^[0-9]{2}_[a-z0-9_]+$"
COMPARISON_PATTERN = r"^\s*(==|!=|>=|<=|>|<)?\s*-?[0-9]+\s*$"

_ID = {"type": "string", "pattern": ID_PATTERN}
_ID_OR_IDS = {
    "type": ["string", "array"],
    "pattern": ID_PATTERN,
    "items": _ID,
    "minItems": 1,
}
_TEXT = {
    "type": ["string", "array"],
    "items": {"$ref": "#/$defs/text_part"},
    "minItems": 1,
}

SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://commonground.example/scenario.schema.json",
    "title": "Common Ground role-play scenario",
    "type": "object",
    "required": ["schema_version", "id", "title", "summary", "module", "roles", "start", "nodes"],
    "additionalProperties": False,
    "properties": {
        "schema_version": {"type": "integer", "const": SCHEMA_VERSION},
        "id": _ID,
        "title": {"type": "string", "minLength": 1},
        "summary": {"type": "string", "minLength": 1},
        "module": {"type": "string", "pattern": MODULE_PATTERN},
        "source_sections": {"type": "array", "items": {"type": "string"}},
        "content_notes": {"type": "array", "items": {"type": "string", "minLength": 1}},
        "minutes": {"type": "integer", "minimum": 1},
        "allow_back": {"type": "boolean"},
        "together": {"$ref": "#/$defs/together"},
        "variables": {
            "type": "object",
            "propertyNames": {"pattern": ID_PATTERN},
            "additionalProperties": {"$ref": "#/$defs/variable"},
        },
        "roles": {
            "type": "object",
            "minProperties": 1,
            "propertyNames": {"pattern": ID_PATTERN},
            "additionalProperties": {"$ref": "#/$defs/role"},
        },
        "start": _ID,
        "nodes": {
            "type": "object",
            "minProperties": 1,
            "propertyNames": {"pattern": ID_PATTERN},
            "additionalProperties": {"$ref": "#/$defs/node"},
        },
    },
    "$defs": {
        "together": {
            "type": "object",
            "required": ["seats", "meeting_points"],
            "additionalProperties": False,
            "properties": {
                "retells": _ID,
                "seats": {"type": "array", "minItems": 2, "items": _ID},
                "meeting_points": {
                    "type": "object",
                    "minProperties": 1,
                    "propertyNames": {"pattern": ID_PATTERN},
                    "additionalProperties": {"type": "string", "minLength": 1},
                },
            },
        },
        "text_part": {
            "type": ["string", "object"],
            "required": ["text"],
            "additionalProperties": False,
            "properties": {"text": {"type": "string"}, "when": {"$ref": "#/$defs/condition"}},
        },
        "variable": {
            "type": "object",
            "required": ["initial"],
            "additionalProperties": False,
            "properties": {
                "label": {"type": "string"},
                "description": {"type": "string"},
                "initial": {"type": "integer"},
                "min": {"type": "integer"},
                "max": {"type": "integer"},
                "show": {"type": "boolean"},
            },
        },
        "role": {
            "type": "object",
            "required": ["name", "brief"],
            "additionalProperties": False,
            "properties": {
                "name": {"type": "string", "minLength": 1},
                "agency": {"type": "string"},
                "brief": {"type": "string", "minLength": 1},
                "obligations": {"type": "string"},
                "wants": {"type": "string"},
                "is_person": {"type": "boolean"},
                "start": _ID,
            },
        },
        "node": {
            "type": "object",
            "required": ["text"],
            "additionalProperties": False,
            "properties": {
                "title": {"type": "string"},
                "text": _TEXT,
                "choices": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/choice"}},
                "ending": {"$ref": "#/$defs/ending"},
                "meet": _ID,
            },
        },
        "choice": {
            "type": "object",
            "required": ["id", "label", "target"],
            "additionalProperties": False,
            "properties": {
                "id": _ID,
                "label": {"type": "string", "minLength": 1},
                "target": _ID,
                "feedback": _TEXT,
                "effects": {
                    "type": "object",
                    "propertyNames": {"pattern": ID_PATTERN},
                    "additionalProperties": {"type": "integer"},
                },
                "set": {
                    "type": "object",
                    "propertyNames": {"pattern": ID_PATTERN},
                    "additionalProperties": {"type": "integer"},
                },
                "when": {"$ref": "#/$defs/condition"},
                "step_back": {"type": "boolean"},
            },
        },
        "ending": {
            "type": "object",
            "required": ["title", "debrief"],
            "additionalProperties": False,
            "properties": {
                "title": {"type": "string", "minLength": 1},
                "tone": {"enum": ["hopeful", "mixed", "hard"]},
                "debrief": _TEXT,
                "reflection": {"type": "string"},
                "see_also": {
                    "type": "array",
                    "items": {"type": "string", "pattern": MODULE_PATTERN},
                },
            },
        },
        "condition": {
            "type": "object",
            "minProperties": 1,
            "additionalProperties": False,
            "properties": {
                "role": _ID_OR_IDS,
                "not_role": _ID_OR_IDS,
                "state": {
                    "type": "object",
                    "minProperties": 1,
                    "propertyNames": {"pattern": ID_PATTERN},
                    "additionalProperties": {
                        "type": ["integer", "string"],
                        "pattern": COMPARISON_PATTERN,
                    },
                },
                "chose": _ID_OR_IDS,
                "not_chose": _ID_OR_IDS,
                "visited": _ID_OR_IDS,
                "not_visited": _ID_OR_IDS,
                "seat_chose": {
                    "type": "object",
                    "minProperties": 1,
                    "propertyNames": {"pattern": ID_PATTERN},
                    "additionalProperties": _ID_OR_IDS,
                },
                "all": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/condition"}},
                "any": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/condition"}},
                "not": {"$ref": "#/$defs/condition"},
            },
        },
    },
}

#: A short explanation of each key, used to suggest fixes.
KEY_HELP: dict[str, str] = {
    "schema_version": f"the format version; write `schema_version: {SCHEMA_VERSION}`",
    "id": "a short lower-case name such as `hot_desk` (letters, digits, underscores)",
    "title": "the scenario's title as trainees will see it",
    "summary": "one or two sentences saying what the scenario is about",
    "module": "the module it serves, such as `05_philosophical_differences`",
    "roles": "the seats the scenario can be played from, each with a `name` and a `brief`",
    "start": "the id of the first node",
    "nodes": "the scenes of the scenario, keyed by id",
    "text": "the Markdown shown at this point",
    "label": "the words on the choice's button",
    "target": "the id of the node this choice leads to",
    "name": "the role's name as trainees will see it",
    "brief": "who this role is, their agency, obligations and what they want for the person",
    "initial": "the starting value (a whole number)",
    "debrief": "what the trainee should take from this ending, linked to the module's ideas",
    "together": "the seats played at the same time (`seats:`) and the points where they "
                "wait for each other (`meeting_points:`, each with words saying what happens)",
    "retells": "the id of the role-play whose story this one tells from several seats",
    "meet": "a meeting point: a seat that gets here waits until every seat has",
    "seat_chose": "what another seat's group chose before the last meeting point, such as "
                  "`{farah: farah_names_counselling}`",
}


def upgrade(data: dict[str, Any]) -> dict[str, Any]:
    """Bring an older document up to ``SCHEMA_VERSION`` using ``UPGRADES`` in order.

    Raises ``KeyError`` if a step is missing and ``ValueError`` for a newer version.
    """
    return apply_upgrades(data, SCHEMA_VERSION, UPGRADES)
