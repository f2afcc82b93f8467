"""Shared by the S rules: jsonschema errors turned into findings at the offending key or item."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any


from curate.linter.wording import describe, kind, short
from curate.rules.schema.layouts import Layout, detailed_validator

_TYPE_NAMES = {
    "string": "a string", "array": "a list", "object": "a mapping", "number": "a number",
    "integer": "an integer", "boolean": "a boolean", "null": "null",
}


if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError


@dataclass(frozen=True)
class Finding:
    key_path: tuple
    at: str
    message: str


def findings(layout: Layout, data: dict) -> list[Finding]:
    """Every schema error of ``data``, the most relevant first (shallow before deep, then in key order)."""
    from jsonschema.exceptions import best_match, relevance  # slow to import; needed only for failing records

    errors = sorted(
        (best_match([error]) for error in detailed_validator(layout.name).iter_errors(data)),
        key=relevance,
        reverse=True,
    )
    seen: set[tuple] = set()
    result = []
    for error in errors:
        for finding in _translate(error, layout):
            if (finding.key_path, finding.message) not in seen:
                seen.add((finding.key_path, finding.message))
                result.append(finding)
    return _derived_from_number(result, data)


def _translate(error: ValidationError, layout: Layout) -> Iterator[Finding]:
    path = tuple(error.absolute_path)
    value, schema, keyword = error.instance, error.schema, error.validator
    where = describe(path)
    description = schema.get("description") if isinstance(schema, dict) else None
    if keyword == "required":
        yield from _missing(path, value, schema, layout)
    elif keyword == "additionalProperties":
        known = schema.get("properties", {})
        for key in value:
            if key not in known:
                parent = f" in {where}" if path else ""
                yield Finding((*path, key), "key", f"unexpected key {key!r}{parent}, not part of {layout.label}")
    elif keyword == "type":
        expected = " or ".join(_TYPE_NAMES.get(t, t) for t in _as_list(error.validator_value))
        yield Finding(path, "value", f"{where} is {kind(value)}{_shown(value)}, expected {description or expected}")
    elif keyword == "pattern" and not description:
        yield Finding(path, "value", f"{where} {short(value)} does not match {error.validator_value}")
    elif keyword == "minLength" and value == "":
        yield Finding(path, "value", f"{where} is empty, expected {description or 'a non-empty string'}")
    elif description:
        yield Finding(path, "value", f"{where} is {short(value)}, expected {description}")
    else:
        message = error.message
        yield Finding(path, "value", f"{where}: {message[:1].lower()}{message[1:]}")


def _missing(path: tuple, instance: dict, schema: dict, layout: Layout) -> Iterator[Finding]:
    """One finding for all the keys a mapping lacks (one cause: the record was cut short or never
    filled in), at the key the first of them belongs after (or before) in the layout's order."""
    order = list(schema.get("properties", {}))
    parent = f" in {describe(path)}" if path else ""
    missing = [key for key in schema.get("required", ()) if key not in instance]
    if not missing:
        return
    missing.sort(key=lambda key: order.index(key) if key in order else len(order))
    first = missing[0]
    position = order.index(first) if first in order else len(order)
    before = [k for k in order[:position] if k in instance]
    after = [k for k in order[position + 1 :] if k in instance]
    named = ", ".join(repr(key) for key in missing)
    what = f"missing key{'s' if len(missing) > 1 else ''} {named}{parent}"
    lead = f"{first!r} " if len(missing) > 1 else ""
    if before:
        yield Finding((*path, before[-1]), "key", f"{what} ({lead}expected after {before[-1]!r})")
    elif after:
        yield Finding((*path, after[0]), "key", f"{what} ({lead}expected before {after[0]!r})")
    else:
        yield Finding(path, "key", what)


def _derived_from_number(findings: list[Finding], data: dict) -> list[Finding]:
    """One finding for one cause: a bad ``number`` makes ``figid_alias`` and ``redirect_from``, built
    from it, break their patterns too; those are folded into the finding on ``number``."""
    number, pmcid = data.get("number"), data.get("pmcid")
    if not any(f.key_path == ("number",) and f.at == "value" for f in findings) or not isinstance(number, str):
        return findings
    derived = {("figid_alias",): f"{pmcid}__{number}", ("redirect_from",): f"/figures/{pmcid}__{number}"}
    flagged = {f.key_path for f in findings}
    folded = [path[0] for path, value in derived.items() if path in flagged and data.get(path[0]) == value]
    if not folded:
        return findings
    note = f"; {' and '.join(folded)}, built from it, break their patterns too"
    dropped = {(key,) for key in folded}
    return [Finding(f.key_path, f.at, f.message + note) if f.key_path == ("number",) else f
            for f in findings if f.key_path not in dropped]


def _shown(value: Any) -> str:
    return f" ({short(value)})" if isinstance(value, (str, int, float)) and not isinstance(value, bool) else ""


def _as_list(value: Any) -> list:
    return value if isinstance(value, list) else [value]
