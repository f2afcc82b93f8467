"""N001 na-sentinel: a missing value is written as an NA sentinel such as `.na.character`.

## What it finds
A value, at any depth, that is a whole NA sentinel instead of the corpus's own empty value: R's
`.na.character` (and `.na`, `.na.integer`, `.na.real`, `.na.logical`), `NA`, `NaN`, `N/A`,
`#N/A`, `<NA>`, `NA_character_`, `NULL`, `null`, `Null`, `None` as strings (surrounding whitespace
ignored), a YAML `.nan`, and the same as list items (`- NA`). The match is case-sensitive on the
whole value: `na` and `nan` are Drosophila gene symbols and stay. A real YAML null is not a
sentinel (it is what `replace-with = "null"` writes).

Organism lists belong to the organisms rules (O family), which judge `organisms` against
`organisms_ner`: `organisms` is skipped entirely (`skip-keys`), and an `NA` item among real species
in `organisms_ner` is left to O004 organisms-na-item. N001 reports `organisms_ner` only when it is
nothing but sentinels (`organisms_ner: [NA]`), which no O rule covers.

## Why it matters
A sentinel is not a value: `doi: .na.character` looks like a DOI to every tool that only checks
for presence, `.na.character` shows up as a keyword on the site and in search, and
`organisms_ner: [NA]` claims a species called NA.

## Example
```yaml
journal_title: .na.character
```

## Fix
Safe: write the corpus's own empty convention, `''` for a scalar (as in `ndex: ''`) and `[]` for
a list whose items are all sentinels; a sentinel item in a list with real items is removed. A
YAML `.nan` number gets no fix under `empty` (a number has no empty form).

## Options
- `replace-with` (default `"empty"`): `"empty"` writes `''` / `[]`; `"remove-key"` deletes the
  key (and sentinel items); `"null"` writes `null`. The schema (S001) expects the keys of the
  current layout to be present strings, so `remove-key` and `null` trade N001 findings for S001
  findings on required keys.
- `sentinels` (default: the list above): the exact strings taken as NA.
- `skip-keys` (default `["organisms"]`): top-level keys this rule leaves alone.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from curate.linter.diagnostic import Diagnostic, Fix, Severity
from curate.linter.edits import fix, remove_item, remove_key, replace_value
from curate.linter.rule import Context, FixAvailability, Rule
from curate.linter.sentinels import DEFAULT_SENTINELS, is_sentinel, sentinel_set, shown
from curate.linter.wording import describe

if TYPE_CHECKING:  # an annotation only: the document model imports the YAML parser
    from curate.linter.document import Document

MODES = ("empty", "remove-key", "null")
LEFT_TO_ORGANISMS_RULES = frozenset({("organisms_ner",)})  # NA among species: O004 organisms-na-item


@dataclass(frozen=True)
class Options:
    replace_with: str = "empty"
    sentinels: tuple[str, ...] = DEFAULT_SENTINELS
    skip_keys: tuple[str, ...] = ("organisms",)

    def __post_init__(self) -> None:
        if self.replace_with not in MODES:
            raise ValueError(f"replace-with must be one of {', '.join(MODES)}, got {self.replace_with!r}")


def check(doc: Document, options: Options, context: Context) -> Iterator[Diagnostic]:
    sentinels = sentinel_set(options.sentinels)
    data = {key: value for key, value in doc.data.items() if key not in options.skip_keys}
    yield from _walk(doc, (), data, sentinels, options)


def _walk(doc: Document, path: tuple, value: Any, sentinels: frozenset[str], options: Options) -> Iterator[Diagnostic]:
    """Scalars are checked in their parent's loop: a generator per scalar would dominate the cost."""
    if isinstance(value, dict):
        for key, child in value.items():
            if not isinstance(key, str):
                continue
            if isinstance(child, (dict, list)):
                yield from _walk(doc, (*path, key), child, sentinels, options)
            elif is_sentinel(child, sentinels):
                yield _report(doc, (*path, key), child, options)
    elif isinstance(value, list):
        if all(type(item) is str for item in value) and sentinels.isdisjoint(map(str.strip, value)):
            return  # the common case (a keyword list): strings only, none of them a sentinel
        flagged = [is_sentinel(item, sentinels) for item in value]
        whole_list = all(flagged)
        for index, item in enumerate(value):
            if flagged[index] and (whole_list or path not in LEFT_TO_ORGANISMS_RULES):
                yield _report(doc, (*path, index), item, options, whole_list)
            elif isinstance(item, (dict, list)):
                yield from _walk(doc, (*path, index), item, sentinels, options)


def _report(doc: Document, path: tuple, value: Any, options: Options, whole_list: bool = False) -> Diagnostic:
    mode = options.replace_with
    if whole_list:
        expected = {"empty": "an empty list", "remove-key": "no key", "null": "null"}[mode]
    elif isinstance(path[-1], int):
        expected = "the item left out"
    else:
        expected = {"empty": "'' for a missing value", "remove-key": "no key", "null": "null"}[mode]
    message = f"{describe(path)} is the NA sentinel {shown(value)}, expected {expected}"
    return doc.diagnostic(path, message, fix=_fix(doc, path, value, mode, whole_list))


def _fix(doc: Document, path: tuple, value: Any, mode: str, whole_list: bool) -> Fix | None:
    target = path[:-1] if whole_list else path
    if target not in doc.locations or not target:
        return None
    if whole_list or not isinstance(path[-1], int):
        if mode == "empty":
            if isinstance(value, float) and not whole_list:
                return None
            empty: list | str = [] if whole_list else ""
            return fix("replace the NA sentinel with an empty value", replace_value(doc, target, empty))
        if mode == "null":
            return fix("replace the NA sentinel with null", replace_value(doc, target, None))
        if isinstance(target[-1], int):
            return fix("remove the NA item", remove_item(doc, target))
        return fix(f"remove the NA key {describe(target)}", remove_key(doc, target))
    return fix("remove the NA item", remove_item(doc, path))


RULE = Rule(
    code="N001",
    name="na-sentinel",
    summary="a missing value is written as an NA sentinel such as .na.character",
    severity=Severity.ERROR,
    fix=FixAvailability.SAFE,
    check=check,
    options=Options,
)
