"""The HTML report in a real browser: headless Debian chromium renders it, takes a screenshot, and dumps
the DOM after the page's JavaScript ran, with the table state given in the URL fragment
(``report.html#filter=PMC100003``). No browser driver is needed. Skips where chromium is missing
(``.ci/install-browser`` installs it as root). The screenshot is kept in ``test-artifacts/``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import struct
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import ARTIFACTS, SAMPLE
from curate_run import curate
from curate.linter.registry import all_rules
from curate.linter.report.aggregate import Aggregate
from curate.linter.report.render import render_html
from test_report import synthetic_results

FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
         "--no-first-run", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
         "--disable-extensions", "--mute-audio")
WINDOW = (1280, 900)
PAGE_ROWS = 50


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if os.access("/usr/bin/chromium", os.X_OK) else None


CHROMIUM = _chromium()
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="chromium is not installed (run .ci/install-browser as root); skipping the browser test of curate report",
)


def browse(url: str, profile: Path, *extra: str) -> str:
    command = [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *extra, url]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def dump_dom(page: Path, fragment: str, profile: Path) -> Dom:
    url = page.resolve().as_uri() + (f"#{fragment}" if fragment else "")
    dom = Dom()
    dom.feed(browse(url, profile, "--dump-dom"))
    return dom


class Dom(HTMLParser):
    """What the tests look at in a dumped DOM: ids, record rows, chart bars, the status line."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: dict[str, dict] = {}
        self.rows: list[dict] = []
        self.bars: dict[str, int] = {}
        self.svg: str | None = None
        self.text_of: str | None = None
        self.texts: dict[str, str] = {}
        self.cells: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "id" in attributes:
            self.ids[attributes["id"]] = attributes
        if tag == "svg":
            self.svg = attributes.get("id")
        if tag == "rect" and self.svg:
            self.bars[self.svg] = self.bars.get(self.svg, 0) + 1
        if tag == "tr" and "data-figid" in attributes:
            self.rows.append({"figid": attributes["data-figid"], "cells": []})
        if tag == "td" and self.rows:
            self.rows[-1]["cells"].append("")
        if attributes.get("id") == "status":
            self.text_of = "status"

    def handle_endtag(self, tag):
        if tag == "svg":
            self.svg = None
        if tag == "p":
            self.text_of = None

    def handle_data(self, data):
        if self.text_of:
            self.texts[self.text_of] = self.texts.get(self.text_of, "") + data
        if self.rows and self.rows[-1]["cells"]:
            self.rows[-1]["cells"][-1] += data


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    if not SAMPLE.is_dir():
        pytest.skip(f"sample corpus not found at {SAMPLE}")
    out = tmp_path_factory.mktemp("browser")
    page = out / "report.html"
    outcome = curate("report", "--no-cache", "-q", "--html", page, "--format", "json", SAMPLE)
    assert outcome.code == 0, outcome.err
    return {"page": page, "json": json.loads(outcome.out), "profile": out / "profile"}


def _png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", head[16:24])


def test_screenshot(report):
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "report.png"
    shot.unlink(missing_ok=True)
    browse(report["page"].resolve().as_uri(), report["profile"], f"--window-size={WINDOW[0]},{WINDOW[1]}",
           f"--screenshot={shot}")
    assert _png_size(shot) == WINDOW
    assert shot.stat().st_size > 30_000, "the screenshot is nearly blank"


def test_charts_and_table_are_drawn(report):
    dom = dump_dom(report["page"], "", report["profile"])
    data = report["json"]
    assert {"totals", "chart-rules", "chart-families", "chart-doi", "records", "filter", "pager"} <= set(dom.ids)
    assert dom.bars["chart-rules"] == len(data["rules"])
    assert dom.bars["chart-families"] == len(data["families"])
    assert dom.bars["chart-doi"] >= 2 * len(data["doi_by_year"])  # all records and missing DOIs per year
    with_problems = data["totals"]["records_with_problems"]
    assert int(dom.ids["records"]["data-matching"]) == with_problems
    assert len(dom.rows) == min(PAGE_ROWS, with_problems)
    assert f"of {with_problems} matching records with problems" in dom.texts["status"]
    problems = [int(re.sub(r"\D", "", row["cells"][2]) or 0) for row in dom.rows]
    assert problems[0] >= problems[-1] > 0  # most problems first by default


def test_filter_from_the_url_fragment(report):
    dom = dump_dom(report["page"], "filter=PMC100003&all=1", report["profile"])
    assert [row["figid"] for row in dom.rows] == ["PMC100003__mb2410470011"]
    assert "showing 1–1 of 1 matching records" in dom.texts["status"]


def test_rule_filter_sort_and_pages(report):
    data = report["json"]
    by_rule = {row["code"]: row["records"] for row in data["rules"]}
    code = max(by_rule, key=by_rule.get)
    dom = dump_dom(report["page"], f"rule={code}", report["profile"])
    assert int(dom.ids["records"]["data-matching"]) == by_rule[code]
    assert all(code in row["cells"][3] for row in dom.rows)

    dom = dump_dom(report["page"], "all=1&sort=year&dir=asc&page=2", report["profile"])
    assert int(dom.ids["records"]["data-matching"]) == data["totals"]["records"]
    years = [row["cells"][1] for row in dom.rows]
    assert len(years) == min(PAGE_ROWS, data["totals"]["records"] - PAGE_ROWS)
    assert years == sorted(years)
    assert "showing 51–" in dom.texts["status"]


def test_fifty_thousand_records_stay_responsive(tmp_path):
    aggregate = Aggregate(all_rules(), ["corpus"])
    for result in synthetic_results(50_000):
        aggregate.add(result)
    page = tmp_path / "big.html"
    page.write_text(render_html(aggregate, page), encoding="utf-8")
    dom = dump_dom(page, "filter=P27%20PMC10001&all=1", tmp_path / "profile")
    matching = int(dom.ids["records"]["data-matching"])
    assert 0 < matching < 50_000 and len(dom.rows) == min(PAGE_ROWS, matching)
    # parsing the data, filtering 50,000 records and drawing one page, measured by the page itself
    assert int(dom.ids["records"]["data-ready-ms"]) < 3000
