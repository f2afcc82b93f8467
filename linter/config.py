"""Configuration: ``[tool.curate]`` in ``pyproject.toml`` or a ``.curate.toml``, plus CLI overrides.

The nearest configuration file upward from the first path wins. The resolved :class:`Config`
is immutable; every unknown key, rule, option or severity is a :class:`ConfigError` naming it.
"""

from __future__ import annotations

import dataclasses
import fnmatch
import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import Any

from curate.linter.diagnostic import Severity
from curate.linter.document import Limits
from curate.linter.registry import all_rules
from curate.linter.rule import Rule

CONFIG_FILES = (".curate.toml", "pyproject.toml")
DEFAULT_INCLUDE = ("**/_figures/*.md", "**/_figures/*.yaml", "**/_figures/*.yml")
DEFAULT_EXCLUDE = (".git", ".hg", ".venv", "venv", "node_modules", "_site", ".curate_cache", "__pycache__")
KNOWN_KEYS = frozenset(
    {
        "select", "ignore", "extend-select", "extend-ignore", "per-file-ignores", "severity", "rules",
        "include", "exclude", "extend-exclude", "max-file-size", "max-yaml-nodes", "min-confidence",
    }
)
# The most a configuration file may raise the input limits to: the file belongs to the linted tree,
# which is untrusted, and must not be able to make a run hang or take gigabytes. A flag on the
# command line (the user's own choice) may go past it.
MAX_FILE_SIZE_CEILING = 20_000_000
MAX_YAML_NODES_CEILING = 1_000_000


class ConfigError(Exception):
    """A configuration that cannot be used; the CLI exits 2 with this message."""


@dataclass(frozen=True)
class Config:
    rules: tuple[Rule, ...]
    severities: Mapping[str, Severity]
    options: Mapping[str, Any]
    per_file_ignores: tuple[tuple[str, frozenset[str]], ...] = ()
    include: tuple[str, ...] = DEFAULT_INCLUDE
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    limits: Limits = field(default_factory=Limits)
    root: Path = field(default_factory=Path.cwd)
    source: Path | None = None
    # the probability of being wrong a judgement must reach to be reported; None: each rule's default
    min_confidence: float | None = None

    def checks_for(self, path: str) -> tuple[tuple[Rule, Any, Severity | None], ...]:
        """``(rule, its options, its configured severity or None)`` for each enabled rule, less
        those ``per-file-ignores`` switches off for ``path``."""
        ignored: set[str] = set()
        for pattern, codes in self.per_file_ignores:
            if _glob_match(path, pattern, self.root):
                ignored |= codes
        if not ignored:
            return self._checks
        return tuple(check for check in self._checks if check[0].code not in ignored)

    @cached_property
    def _checks(self) -> tuple[tuple[Rule, Any, Severity | None], ...]:
        return tuple((rule, self.options[rule.code], self.severities.get(rule.code)) for rule in self.rules)

    @property
    def fingerprint(self) -> str:
        """A digest of everything that can change a verdict; part of every cache key."""
        payload = {
            "rules": [(rule.code, rule.version) for rule in self.rules],
            "severities": sorted((code, int(level)) for code, level in self.severities.items()),
            "options": sorted((code, repr(value)) for code, value in self.options.items()),
            "per_file_ignores": [(pattern, sorted(codes)) for pattern, codes in self.per_file_ignores],
            "limits": dataclasses.astuple(self.limits),
            "min_confidence": self.min_confidence,
        }
        return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


def _glob_match(path: str, pattern: str, root: Path) -> bool:
    candidate = Path(path)
    try:
        relative = Path(os.path.abspath(candidate)).relative_to(os.path.abspath(root)).as_posix()
    except ValueError:
        relative = candidate.as_posix()
    return any(
        fnmatch.fnmatchcase(text, pattern) or fnmatch.fnmatchcase(text, pattern.removeprefix("**/"))
        for text in (relative, candidate.as_posix(), candidate.name)
    )


def find_config_file(start: Path) -> Path | None:
    """The nearest ``.curate.toml``, or ``pyproject.toml`` with a ``[tool.curate]`` table, upward."""
    directory = Path(os.path.abspath(start))
    if not os.path.isdir(directory):
        directory = directory.parent
    for folder in (directory, *directory.parents):
        for name in CONFIG_FILES:
            candidate = folder / name
            if not candidate.is_file():
                continue
            if name == ".curate.toml":
                return candidate
            # a pyproject.toml that cannot be read might hold [tool.curate]: stop rather than
            # silently lint with the defaults
            tool = _parse_toml(candidate).get("tool", {})
            if isinstance(tool, dict) and "curate" in tool:
                return candidate
    return None


def _parse_toml(path: Path) -> dict[str, Any]:
    import tomllib  # here, not at start-up: most runs find no configuration file

    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:  # the message ends "(at line L, column C)"
        raise ConfigError(f"{path}: invalid TOML: {error}") from None
    except RecursionError:
        raise ConfigError(f"{path}: invalid TOML: nested too deeply") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot read: {error}") from None


def read_config_file(path: Path) -> dict[str, Any]:
    table = _parse_toml(path)
    if path.name == "pyproject.toml":
        table = table.get("tool", {}).get("curate", {})
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: [tool.curate] must be a table")
    return table


def load_config(
    first_path: Path | None = None,
    config_file: Path | None = None,
    overrides: Mapping[str, Any] | None = None,
    rules: tuple[Rule, ...] | None = None,
) -> Config:
    """Resolve the configuration for a run; ``overrides`` holds CLI flags in config-key form."""
    source = config_file or find_config_file(first_path or Path.cwd())
    table = read_config_file(source) if source else {}
    where = str(source) if source else "configuration"
    unknown = sorted(set(table) - KNOWN_KEYS)
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {', '.join(unknown)}")
    for key, ceiling in (("max-file-size", MAX_FILE_SIZE_CEILING), ("max-yaml-nodes", MAX_YAML_NODES_CEILING)):
        value = table.get(key)
        if isinstance(value, int) and value > ceiling:
            raise ConfigError(f"{where}: {key} = {value} is above {ceiling}, the most a configuration file may set "
                              f"(the command line's --{key} may go further)")
    rules = rules or all_rules()
    if overrides:
        resolve(table, rules, source)  # the file's own mistakes are errors even where flags override them
    merged = dict(table)
    for key, value in (overrides or {}).items():
        if value is None:
            continue
        if key in ("extend-select", "extend-ignore", "extend-exclude"):
            merged[key] = [*merged.get(key, []), *value]
        else:
            merged[key] = value
    return resolve(merged, rules, source)


def resolve(table: Mapping[str, Any], rules: tuple[Rule, ...], source: Path | None = None) -> Config:
    where = str(source) if source else "configuration"
    default = [rule for rule in rules if rule.enabled_by_default]
    selected = _select(table["select"], rules, where) if "select" in table else default
    selected = [*selected, *_select(table.get("extend-select", []), rules, where)]
    ignored = {r.code for r in _select([*table.get("ignore", []), *table.get("extend-ignore", [])], rules, where)}
    enabled = tuple(sorted({r.code: r for r in selected if r.code not in ignored}.values(), key=lambda r: r.code))

    per_file = []
    for pattern, selectors in _table(table, "per-file-ignores", where).items():
        per_file.append((pattern, frozenset(r.code for r in _select(_strings(selectors, where), rules, where))))

    severities = {}
    for selector, level in _table(table, "severity", where).items():
        try:
            severity = Severity.parse(str(level))
        except ValueError as error:
            raise ConfigError(f"{where}: severity of {selector}: {error}") from None
        for rule in _select([selector], rules, where):
            severities[rule.code] = severity

    options = {rule.code: rule.options() for rule in rules}
    for key, values in _table(table, "rules", where).items():
        rule = _one_rule(key, rules, where)
        options[rule.code] = _build_options(rule, values, where)

    defaults = Limits()
    limits = Limits(
        max_file_size=_positive_int(table.get("max-file-size", defaults.max_file_size), "max-file-size", where),
        max_yaml_nodes=_positive_int(table.get("max-yaml-nodes", defaults.max_yaml_nodes), "max-yaml-nodes", where),
    )
    include = tuple(_strings(table.get("include", DEFAULT_INCLUDE), where))
    exclude = tuple(_strings(table.get("exclude", DEFAULT_EXCLUDE), where))
    exclude += tuple(_strings(table.get("extend-exclude", []), where))
    return Config(
        rules=enabled,
        severities=MappingProxyType(severities),
        options=MappingProxyType(options),
        per_file_ignores=tuple(per_file),
        include=include,
        exclude=exclude,
        limits=limits,
        root=source.parent if source else Path.cwd(),
        source=source,
        min_confidence=_confidence(table.get("min-confidence"), where),
    )


def _select(selectors: Iterable[str], rules: tuple[Rule, ...], where: str) -> list[Rule]:
    """Rules matching each selector: a code, a code prefix (``G``, ``G1``), a name, or ``ALL``."""
    chosen = []
    for selector in _strings(selectors, where):
        wanted = selector.strip()
        if wanted.upper() == "ALL":
            matches = list(rules)
        else:
            matches = [r for r in rules if r.code.startswith(wanted.upper()) or r.name == wanted.lower()]
        if not matches:
            raise ConfigError(f"{where}: unknown rule or selector {wanted!r}")
        chosen.extend(matches)
    return chosen


def _one_rule(key: str, rules: tuple[Rule, ...], where: str) -> Rule:
    for rule in rules:
        if key.upper() == rule.code or key.lower() == rule.name:
            return rule
    raise ConfigError(f"{where}: [rules.{key}] names no rule")


def _build_options(rule: Rule, values: Any, where: str) -> Any:
    if not isinstance(values, dict):
        raise ConfigError(f"{where}: [rules.{rule.name}] must be a table")
    fields = {f.name.replace("_", "-"): f for f in dataclasses.fields(rule.options)}
    unknown = sorted(set(values) - set(fields))
    if unknown:
        known = ", ".join(sorted(fields)) or "none"
        raise ConfigError(f"{where}: rule {rule.code} ({rule.name}) has no option {', '.join(unknown)} (options: {known})")
    defaults = rule.options()
    kwargs = {}
    for key, value in values.items():
        name = fields[key].name
        default = getattr(defaults, name)
        if isinstance(default, tuple | frozenset) and isinstance(value, list):
            value = type(default)(value)
        if isinstance(default, float) and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if type(value) is not type(default):
            raise ConfigError(
                f"{where}: rule {rule.code} option {key} must be {type(default).__name__}, got {type(value).__name__}"
            )
        kwargs[name] = value
    try:
        return dataclasses.replace(defaults, **kwargs)
    except (TypeError, ValueError) as error:
        raise ConfigError(f"{where}: rule {rule.code}: {error}") from None


def _table(table: Mapping[str, Any], key: str, where: str) -> dict[str, Any]:
    value = table.get(key, {})
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: {key} must be a table")
    return value


def _strings(value: Any, where: str) -> list[str]:
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list | tuple) or not all(isinstance(item, str) for item in value):
        raise ConfigError(f"{where}: expected a list of strings, got {value!r}")
    return list(value)


def _confidence(value: Any, where: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise ConfigError(f"{where}: min-confidence must be a number from 0 to 1, got {value!r}")
    return float(value)


def _positive_int(value: Any, key: str, where: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise ConfigError(f"{where}: {key} must be a positive integer")
    return value
