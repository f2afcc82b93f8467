"""Write ``rules/_listing.py``, the built-in rules as ``curate rules`` lists them, from the rule modules.

    python tools/write_rule_listing.py [--check]

Run it after adding, removing or editing a rule (tests/test_registry.py fails until it is run): the
registry reads the listing only while the sources it was written from are the ones installed, so a
stale listing makes ``curate rules`` and ``curate explain`` import every rule again, never list
something else. ``--check`` compares with the file there instead of writing it (exit 1 when it
differs).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import curate.rules
from curate.linter.registry import listing_source


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the listing there, write nothing")
    args = parser.parse_args(argv)
    path = Path(curate.rules.__path__[0], "_listing.py")
    text = listing_source()
    if args.check:
        current = path.read_text(encoding="utf-8") if path.exists() else ""
        print(f"{path}: {'current' if current == text else 'stale: run python tools/write_rule_listing.py'}")
        return 0 if current == text else 1
    path.write_text(text, encoding="utf-8")
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
