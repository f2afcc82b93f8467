"""Finding rules: built-ins by walking the ``rules`` package, others by the ``curate.rules`` entry points.

``curate rules`` and ``curate explain`` read the built-in rules' codes, names, severities and
summaries from ``rules/_listing.py``, generated from the rule modules by
``python tools/write_rule_listing.py``, while it is current: importing fifty rule modules to read
six fields of each costs more than the rest of the command. It is current when the digest it was
written with is the digest of the sources now installed (the rule families' modules and the rule
contract); otherwise, or when a plugin may be installed, they import the rules as ``curate lint`` does.
"""

from __future__ import annotations

import importlib
import importlib.machinery
import os
import sys
import zlib
from collections import namedtuple
from collections.abc import Iterable
from functools import cache
from types import ModuleType

# typing.TYPE_CHECKING without importing typing, which listing rules needs none of; the rule contract is
# imported where rules are loaded: reading the listing needs neither it nor dataclasses
TYPE_CHECKING = False
if TYPE_CHECKING:
    from curate.linter.rule import Rule

ENTRY_POINT_GROUP = "curate.rules"
LISTING_MODULE = "curate.rules._listing"
CONTRACT_SOURCES = ("rule.py", "diagnostic.py", "registry.py")  # the rule contract and this module, side by side


class ListedRule(namedtuple("ListedRule", "code name severity fix enabled_by_default summary")):
    """A rule as ``curate rules`` lists it: its code, name, severity, fix availability, whether it is
    enabled by default and its summary (strings, and a bool)."""

    __slots__ = ()

    @classmethod
    def of(cls, rule: Rule) -> ListedRule:
        return cls(rule.code, rule.name, str(rule.severity), str(rule.fix), rule.enabled_by_default, rule.summary)


class RegistryError(Exception):
    """A rule plugin that breaks the contract (bad code, duplicate, wrong type)."""


def _rule_modules(package: ModuleType) -> list[ModuleType]:
    """The modules of ``rules/<family>/<rule>.py`` that define a ``RULE``, among every module directly in
    a family's package.

    A family's subpackage holds analysis its rules import when they check a record (the gene
    evidence, say), so listing the rules does not load it; a private module (``_name``, generated
    code say) holds no rule either."""
    import pkgutil

    found = []
    for family in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
        if not family.ispkg:
            continue
        members = importlib.import_module(family.name).__path__
        for info in pkgutil.iter_modules(members, family.name + "."):
            if info.ispkg or info.name.rpartition(".")[2].startswith("_"):
                continue
            module = importlib.import_module(info.name)
            if getattr(module, "RULE", None) is not None:
                found.append(module)
    return found


def _rules_in_package(package: ModuleType) -> list[Rule]:
    return [_with_doc(module.RULE, module) for module in _rule_modules(package)]


def _with_doc(rule: object, module: ModuleType | None) -> Rule:
    import dataclasses

    from curate.linter.rule import Rule

    if not isinstance(rule, Rule):
        raise RegistryError(f"{getattr(module, '__name__', rule)!s}: RULE is not a linter.rule.Rule")
    if not rule.doc and module is not None and module.__doc__:
        rule = dataclasses.replace(rule, doc=module.__doc__)
    return rule


def may_declare_plugins(path: Iterable[object], meta_path: Iterable[object]) -> bool:
    """Whether a distribution on ``path`` may declare the ``curate.rules`` group: False only when sure it does not.

    Importing ``importlib.metadata`` and reading every distribution's entry points costs about as
    much as starting the interpreter (some 15 ms), and almost every installation has no plugin. Its
    standard finder reads ``entry_points.txt`` in each ``*.dist-info`` or ``*.egg-info`` folder
    directly inside a folder of ``sys.path``; this reads the same files for the group's name, a
    superset of what declares it. Whatever it cannot read the same way answers True, and
    importlib.metadata decides: another finder of distributions on ``sys.meta_path``, a path entry
    that is not a folder name (a zip archive, an egg, a path object), a folder it cannot list."""
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
    import dataclasses

    from curate.linter.rule import CODE_PATTERN, NAME_PATTERN

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
    """The rule of that code or name among ``rules``, by default every rule; until every rule is
    loaded, a built-in rule the current listing names is imported alone."""
    wanted = code_or_name.strip()
    if rules is None and not all_rules.cache_info().currsize:
        listing = _current_listing()
        if listing is not None:
            module = listing[1].get(wanted.upper()) or listing[1].get(wanted.lower())
            if module is None:
                return None
            imported = importlib.import_module(module)
            return _with_doc(imported.RULE, imported)
    for rule in rules if rules is not None else all_rules():
        if wanted.upper() == rule.code or wanted.lower() == rule.name:
            return rule
    return None


@cache
def listed_rules() -> tuple[ListedRule, ...]:
    """Every rule as ``curate rules`` lists it, sorted by code: from the current listing, else from the rules."""
    listing = _current_listing()
    return listing[0] if listing is not None else tuple(ListedRule.of(rule) for rule in all_rules())


def sources_digest(package: ModuleType) -> str:
    """A checksum of what the listing is read from: every module directly in each family's folder, in
    any form Python imports (``.py``, a sourceless ``.pyc``, an extension), as the rules are found (the
    rule modules and the helpers they import), the rule contract and this module, which writes the
    listing. It tells a listing written from other sources (a rule edited since, say) from a current
    one; it is no defence against tampering, which installed code can do anyway."""
    suffixes = tuple(importlib.machinery.all_suffixes())
    sources = [(f"{family.name}/{child.name}", child.path)
               for folder in package.__path__
               for family in sorted(os.scandir(folder), key=lambda entry: entry.name)
               if family.is_dir() and os.path.isfile(os.path.join(family.path, "__init__.py"))
               for child in sorted(os.scandir(family.path), key=lambda entry: entry.name)
               if child.name.endswith(suffixes) and child.is_file()]
    sources += [(name, os.path.join(os.path.dirname(__file__), name)) for name in CONTRACT_SOURCES]
    checksum = 0
    for name, path in sources:
        with open(path, "rb") as source:  # a name need not be UTF-8: its bytes, as the file system has them
            checksum = zlib.crc32(source.read(), zlib.crc32(os.fsencode(name) + b"\0", checksum))
    return f"{len(sources)}-{checksum:08x}"


def listing_source() -> str:
    """The text of ``rules/_listing.py`` for the built-in rules installed now (``tools/write_rule_listing.py``)."""
    import curate.rules as builtin

    module_of = {module.RULE.code: module.__name__ for module in _rule_modules(builtin)}
    rules = validate(_rules_in_package(builtin))
    rows = "".join(f"    {(*ListedRule.of(rule), module_of[rule.code])!r},\n" for rule in rules)
    return (f'"""The built-in rules as ``curate rules`` lists them: generated by tools/write_rule_listing.py '
            f'from the rule modules, do not edit."""\n\n'
            f"DIGEST = {sources_digest(builtin)!r}\n"
            f"# code, name, severity, fix, enabled by default, summary, module\n"
            f"RULES = (\n{rows})\n")


@cache
def _current_listing() -> tuple[tuple[ListedRule, ...], dict[str, str]] | None:
    """The built-in rules and the module of each code and name, from ``rules/_listing.py`` when it was
    written from the sources installed now and no plugin may add rules; else None."""
    if may_declare_plugins(sys.path, sys.meta_path):
        return None
    import curate.rules as builtin

    try:
        listing = importlib.import_module(LISTING_MODULE)
    except ImportError:
        return None
    try:
        current = listing.DIGEST == sources_digest(builtin)
    except OSError:  # a source that cannot be read (an install without sources): the rules themselves tell
        return None
    if not current:
        return None
    rules = tuple(ListedRule(*row[:-1]) for row in listing.RULES)
    modules = {key: row[-1] for row in listing.RULES for key in row[:2]}
    return rules, modules
