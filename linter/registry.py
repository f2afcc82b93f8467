"""Finding rules: built-ins by walking the ``rules`` package, others by the ``curate.rules`` entry points."""

from __future__ import annotations

import dataclasses
import importlib
import importlib.machinery
import os
import pkgutil
import sys
from collections.abc import Iterable
from functools import cache
from types import ModuleType

from curate.linter.rule import CODE_PATTERN, NAME_PATTERN, Rule

ENTRY_POINT_GROUP = "curate.rules"


class RegistryError(Exception):
    """A rule plugin that breaks the contract (bad code, duplicate, wrong type)."""


def _rules_in_package(package: ModuleType) -> list[Rule]:
    """The rules of ``rules/<family>/<rule>.py``: every module directly in a family's package.

    A family's subpackage holds analysis its rules import when they check a record (the gene
    evidence, say), so listing the rules does not load it; a private module (``_name``, generated
    code say) holds no rule either."""
    found = []
    for family in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
        if not family.ispkg:
            continue
        members = importlib.import_module(family.name).__path__
        for info in pkgutil.iter_modules(members, family.name + "."):
            if info.ispkg or info.name.rpartition(".")[2].startswith("_"):
                continue
            module = importlib.import_module(info.name)
            rule = getattr(module, "RULE", None)
            if rule is not None:
                found.append(_with_doc(rule, module))
    return found


def _with_doc(rule: object, module: ModuleType | None) -> Rule:
    if not isinstance(rule, Rule):
        raise RegistryError(f"{getattr(module, '__name__', rule)!s}: RULE is not a linter.rule.Rule")
    if not rule.doc and module is not None and module.__doc__:
        rule = dataclasses.replace(rule, doc=module.__doc__)
    return rule


def may_declare_plugins(path: Iterable[object], meta_path: Iterable[object]) -> bool:
    """Whether a distribution on ``path`` may declare the ``curate.rules`` group: False only when sure it does not.

    Importing ``importlib.metadata`` costs about a fifth of ``curate rules``, and almost every
    installation has no plugin. Its standard finder reads ``entry_points.txt`` in each ``*.dist-info``
    or ``*.egg-info`` folder directly inside a folder of ``sys.path``; this reads the same files for
    the group's name, a superset of what declares it. Whatever it cannot read the same way answers
    True, and importlib.metadata decides: another finder of distributions on ``sys.meta_path``, a path
    entry that is not a folder name (a zip archive, an egg, a path object), a folder it cannot list."""
    if any(getattr(finder, "find_distributions", None) is not None and finder is not importlib.machinery.PathFinder
           for finder in meta_path):
        return True
    group = ENTRY_POINT_GROUP.encode()
    for entry in path:
        if not isinstance(entry, str) or entry.lower().endswith(".egg"):
            return True
        folder = entry or os.curdir
        try:
            children = os.listdir(folder)
        except FileNotFoundError:  # neither a folder nor a zip archive: importlib.metadata finds nothing there either
            continue
        except OSError:  # a zip archive, or a folder not listed here that importlib.metadata may yet read as one
            return True
        for child in children:
            if not child.lower().endswith((".dist-info", ".egg-info")):
                continue
            try:
                with open(os.path.join(folder, child, "entry_points.txt"), "rb") as declared:
                    if group in declared.read():
                        return True
            except (FileNotFoundError, NotADirectoryError):  # no entry points, or a one-file egg-info
                continue
            except OSError:  # there but unreadable here: importlib.metadata decides, as it did before this check
                return True
    return False


def _rules_from_entry_points() -> list[Rule]:
    if not may_declare_plugins(sys.path, sys.meta_path):
        return []
    from importlib.metadata import entry_points

    found = []
    for point in entry_points(group=ENTRY_POINT_GROUP):
        loaded = point.load()
        if isinstance(loaded, ModuleType):
            found.append(_with_doc(getattr(loaded, "RULE", None), loaded))
        else:
            found.append(_with_doc(loaded, importlib.import_module(loaded.check.__module__)))
    return found


def validate(rules: list[Rule]) -> tuple[Rule, ...]:
    codes: dict[str, Rule] = {}
    names: dict[str, Rule] = {}
    for rule in rules:
        if not CODE_PATTERN.match(rule.code):
            raise RegistryError(f"rule {rule.name!r}: code {rule.code!r} is not a letter and three digits")
        if not NAME_PATTERN.match(rule.name):
            raise RegistryError(f"rule {rule.code}: name {rule.name!r} is not lower-case words joined by '-'")
        if not dataclasses.is_dataclass(rule.options) or not rule.options.__dataclass_params__.frozen:
            raise RegistryError(f"rule {rule.code}: options must be a frozen dataclass")
        for table, key in ((codes, rule.code), (names, rule.name)):
            if key in table and table[key] is not rule:
                raise RegistryError(f"rules {table[key].code} and {rule.code} both use {key!r}")
            table[key] = rule
    return tuple(sorted(codes.values(), key=lambda r: r.code))


@cache
def all_rules() -> tuple[Rule, ...]:
    import curate.rules as builtin

    return validate(_rules_in_package(builtin) + _rules_from_entry_points())


def find_rule(code_or_name: str, rules: tuple[Rule, ...] | None = None) -> Rule | None:
    wanted = code_or_name.strip()
    for rule in rules if rules is not None else all_rules():
        if wanted.upper() == rule.code or wanted.lower() == rule.name:
            return rule
    return None
