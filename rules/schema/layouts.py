"""Shared by the S rules: the figure schema, its compiled validators, and which layout a record uses.

``schemas/figure.schema.json`` describes the current layout at its top level and the older
layout of the 2020 release in ``$defs/legacy-2020``. A record carrying any of that layout's
signature keys is judged against the legacy definition, so its known differences are one S002
diagnostic instead of a wall of S001 errors.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import fastjsonschema

SCHEMA_FILE = "figure.schema.json"
CURRENT = "current"
LEGACY_2020 = "legacy-2020"
LEGACY_SIGNATURE = ("pmc_ranked_result_index", "pathway_score", "annotations", "genes", "chemicals", "diseases")
_CURRENT_NUMBER = re.compile(r"^[A-Z]{1,3}[0-9]+$")


@dataclass(frozen=True)
class Layout:
    name: str
    label: str
    schema: dict

    @property
    def key_order(self) -> tuple[str, ...]:
        return tuple(self.schema.get("properties", {}))


@cache
def figure_schema() -> dict:
    return json.loads(resources.files("curate.schemas").joinpath(SCHEMA_FILE).read_text(encoding="utf-8"))


@cache
def layout(name: str) -> Layout:
    schema = figure_schema()
    if name == CURRENT:
        return Layout(CURRENT, "the current layout", schema)
    wrapper = {"$schema": schema["$schema"], "$ref": f"#/$defs/{name}", "$defs": schema["$defs"]}
    return Layout(name, "the legacy 2020 layout", wrapper)


def resolved(layout_: Layout) -> dict:
    """The layout's own object schema (a legacy layout is a reference into ``$defs``)."""
    ref = layout_.schema.get("$ref")
    return layout_.schema["$defs"][ref.rsplit("/", 1)[1]] if ref else layout_.schema


@cache
def fast_validator(name: str) -> Callable[[Any], Any]:
    """fastjsonschema's compiled check: raises ``JsonSchemaException`` on the first error."""
    return fastjsonschema.compile(layout(name).schema)


@cache
def detailed_validator(name: str) -> Any:
    """jsonschema's validator, used only for records the fast check rejects, to list every error.

    Imported here rather than at start-up: importing jsonschema costs more than linting a record.
    """
    from jsonschema import Draft202012Validator

    return Draft202012Validator(layout(name).schema)


def signature_keys(data: dict) -> list[str]:
    """The legacy layout's signature keys present in the record, in document order."""
    return [key for key in data if key in LEGACY_SIGNATURE]


def layout_of(data: dict) -> str:
    return LEGACY_2020 if any(key in data for key in LEGACY_SIGNATURE) else CURRENT


def legacy_differences(data: dict) -> list[str]:
    """How a legacy record differs from the current layout, as short phrases."""
    differences = [f"has {', '.join(signature_keys(data))}"]
    organisms = data.get("organisms")
    if isinstance(organisms, str):
        differences.append("organisms is a comma-joined string" if "," in organisms else "organisms is a string")
    number = data.get("number")
    if isinstance(number, str) and not _CURRENT_NUMBER.match(number):
        differences.append(f"number is {number!r}")
    figlink = data.get("figlink")
    if isinstance(figlink, str) and figlink and not figlink.startswith("/"):
        differences.append("figlink lacks its leading slash")
    current = resolved(layout(CURRENT))
    missing = [key for key in current["required"] if key not in data]
    if missing:
        differences.append(f"lacks {', '.join(missing)}")
    return differences
