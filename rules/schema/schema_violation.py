"""S001 schema-violation: the front matter breaks the figure schema.

## What it finds
Every way the front matter departs from `schemas/figure.schema.json`: a required key missing, a
key the layout does not have, a value of the wrong type (`year: 2023` instead of `'2023'`,
`organisms` as a string), a value off its pattern (`pmcid`, `figid`, `figlink`, `number`,
`figid_alias`, `redirect_from`, `ndex`, `wpid`), `automl_pathway` outside [0, 1], an unknown
`figtype`, or a broken `schema-jsonld` block. Each error is reported at the offending key or item;
a missing key is reported at the key it belongs after. The most relevant errors come first
(shallow before deep), at most `max-errors` of them.

A record in the legacy 2020 layout (see S002) is checked against that layout's definition
(`$defs/legacy-2020`), so the known legacy differences are S002's single diagnostic, not S001's.

## Why it matters
The site's templates, the search index and every downstream tool read these keys by name and
type; a record that does not fit the layout renders wrong or silently drops out.

## Example
```yaml
pmcid: '10003241'
year: 2023
```

## Fix
None: the right value has to come from the paper or the pipeline. Fix the record by hand.

## Options
- `max-errors` (default `10`): report at most this many schema errors per record; the last one
  says how many more there are.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from curate.linter.diagnostic import Diagnostic, Severity
from curate.linter.rule import Context, FixAvailability, Rule
from curate.rules.schema.errors import findings
from curate.rules.schema.layouts import fast_validator, layout, layout_of

if TYPE_CHECKING:  # an annotation only: the document model imports the YAML parser
    from curate.linter.document import Document


@dataclass(frozen=True)
class Options:
    max_errors: int = 10

    def __post_init__(self) -> None:
        if self.max_errors < 1:
            raise ValueError("max-errors must be at least 1")


def check(doc: Document, options: Options, context: Context) -> Iterator[Diagnostic]:
    from fastjsonschema import JsonSchemaException  # here: listing the rules needs no schema library

    data = doc.data
    name = layout_of(data)
    try:
        fast_validator(name)(data)
        return
    except JsonSchemaException:
        pass
    found = findings(layout(name), data)
    shown = found[: options.max_errors]
    for index, finding in enumerate(shown):
        message = finding.message
        if index == len(shown) - 1 and len(found) > len(shown):
            message += f" ({len(found) - len(shown)} more schema errors not shown)"
        yield doc.diagnostic(_doc_path(doc, finding.key_path), message, at=finding.at)


def _doc_path(doc: Document, key_path: tuple) -> tuple:
    """Mapping keys as the position table spells them (a YAML key ``1`` is the text ``"1"`` there)."""
    if key_path in doc.locations:
        return key_path
    value, parts = doc.data, []
    for part in key_path:
        parts.append(str(part) if isinstance(value, dict) else part)
        try:
            value = value[part]
        except (KeyError, IndexError, TypeError):
            value = None
    return tuple(parts)


RULE = Rule(
    code="S001",
    name="schema-violation",
    summary="the front matter breaks the figure schema",
    severity=Severity.ERROR,
    fix=FixAvailability.NEVER,
    check=check,
    options=Options,
)
