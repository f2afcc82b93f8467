"""The HTML page: one self-contained file with inline CSS, inline SVG charts and a little JavaScript.

Everything but the record table is rendered here as static HTML and SVG, so the page reads without
JavaScript. The record table is drawn by ``report.js`` from compact JSON embedded in the page, one
page of rows at a time, which keeps a 50,000-record report responsive.
"""

from __future__ import annotations

import json
import math
import os
from datetime import datetime, timezone
from functools import cache
from html import escape
from importlib import resources
from pathlib import Path
from urllib.parse import quote

from curate import __version__
from curate.linter.report.aggregate import SEVERITIES, Aggregate

FIGURE_PAGE = "https://pfocr.wikipathways.org/figures/{figid}.html"
COLORS = {"error": "#c0392b", "warning": "#d68910", "info": "#2e86c1"}
FAMILY_COLOR = "#5b6f8a"
DOI_ALL, DOI_MISSING = "#c9d3df", "#d35400"
GENES_SHOWN, CAUSES_SHOWN, SPECIES_SHOWN = 25, 15, 15


@cache
def asset(name: str) -> str:
    return resources.files("curate.linter.report").joinpath(name).read_text(encoding="utf-8")


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _n(value: int) -> str:
    return f"{value:,}"


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "0%"


# ---------------------------------------------------------------- charts
def bar_chart(chart_id: str, title: str, rows: list[tuple[str, str, int, int, str, str]], width: int = 560,
              label_w: int = 210) -> str:
    """Horizontal bars; each row is (label, sublabel, value, records, colour, tooltip)."""
    if not rows:
        return f'<p class="empty" id="{chart_id}">No diagnostics.</p>'
    value_w, bar_h, gap, top = 118, 18, 6, 4
    top_value = max(row[2] for row in rows) or 1
    span = width - label_w - value_w
    height = top + len(rows) * (bar_h + gap)
    parts = [f'<svg id="{chart_id}" class="chart" role="img" viewBox="0 0 {width} {height}" width="{width}" '
             f'height="{height}" aria-label="{_e(title)}"><title>{_e(title)}</title>']
    for i, (label, sublabel, value, records, color, tip) in enumerate(rows):
        y = top + i * (bar_h + gap)
        w = max(2.0, span * value / top_value)
        mid = y + bar_h / 2 + 4
        parts.append(
            f'<g class="bar"><title>{_e(tip)}</title>'
            f'<text x="0" y="{mid:.0f}" class="lbl"><tspan class="code">{_e(label)}</tspan>'
            f'<tspan dx="6" class="sub">{_e(sublabel)}</tspan></text>'
            f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h}" rx="2" fill="{color}"/>'
            f'<text x="{label_w + w + 6:.1f}" y="{mid:.0f}" class="val">{_n(value)}'
            f'<tspan dx="5" class="sub">in {_n(records)}</tspan></text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _nice_step(top: int, ticks: int = 4) -> int:
    raw = max(1, top / ticks)
    power = 10 ** math.floor(math.log10(raw))
    return int(next(m * power for m in (1, 2, 5, 10) if m * power >= raw))


def doi_chart(rows: list[dict], width: int = 560, height: int = 200) -> str:
    """Columns per publication year: all records (light) with those missing a DOI (dark) in front."""
    if not rows:
        return '<p class="empty" id="chart-doi">No records.</p>'
    rows = _fill_years(rows)
    left, right, top, bottom = 44, 10, 10, 34
    plot_w, plot_h = width - left - right, height - top - bottom
    top_value = max(row["records"] for row in rows) or 1
    step = _nice_step(top_value)
    top_value = step * math.ceil(top_value / step)
    slot = plot_w / len(rows)
    bar_w = max(2.0, min(28.0, slot * 0.7))
    every = max(1, math.ceil(len(rows) * 38 / plot_w))
    parts = [f'<svg id="chart-doi" class="chart" role="img" viewBox="0 0 {width} {height}" width="100%" '
             f'aria-label="records and missing DOIs by publication year"><title>Missing DOIs by publication year'
             f'</title>']
    for tick in range(0, top_value + 1, step):
        y = top + plot_h - plot_h * tick / top_value
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>'
                     f'<text x="{left - 6}" y="{y + 4:.1f}" class="tick" text-anchor="end">{_n(tick)}</text>')
    for i, row in enumerate(rows):
        x = left + i * slot + (slot - bar_w) / 2
        h_all = plot_h * row["records"] / top_value
        h_missing = plot_h * row["missing_doi"] / top_value
        base = top + plot_h
        tip = f'{row["year"]}: {row["missing_doi"]:,} of {row["records"]:,} records without a DOI'
        parts.append(
            f'<g class="col"><title>{_e(tip)}</title>'
            f'<rect x="{x:.1f}" y="{base - h_all:.1f}" width="{bar_w:.1f}" height="{h_all:.1f}" fill="{DOI_ALL}"/>'
            f'<rect x="{x:.1f}" y="{base - h_missing:.1f}" width="{bar_w:.1f}" height="{h_missing:.1f}" '
            f'fill="{DOI_MISSING}" class="missing"/></g>'
        )
        if i % every == 0:
            label = "?" if row["year"] == "unknown" else row["year"]
            parts.append(f'<text x="{x + bar_w / 2:.1f}" y="{base + 16}" class="tick" text-anchor="middle">'
                         f'{_e(label)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _fill_years(rows: list[dict]) -> list[dict]:
    """Every year from the first to the last (a gap in the axis would hide a year without records)."""
    known = {row["year"]: row for row in rows if row["year"].isdigit()}
    if not known:
        return rows
    first, last = min(map(int, known)), max(map(int, known))
    filled = [known.get(str(year), {"year": str(year), "records": 0, "missing_doi": 0})
              for year in range(first, last + 1)]
    return filled + [row for row in rows if not row["year"].isdigit()]


# ---------------------------------------------------------------- sections
def _totals(agg: Aggregate) -> str:
    t = agg.totals()
    cards = [
        ("records", _n(t["records"]), f'{_n(t["unreadable"])} unreadable' if t["unreadable"] else "all readable"),
        ("with problems", _n(t["records_with_problems"]),
         f'{_pct(t["records_with_problems"], t["records"])} of records'),
        ("diagnostics", _n(t["diagnostics"]), f'{len(agg.by_code)} rules fired'),
    ]
    for level in ("error", "warning", "info"):
        cards.append((level, _n(t["by_severity"][level]), "diagnostics", level))
    fix = t["fixable"]
    cards.append(("fixable", _n(fix["total"]), f'{_n(fix["safe"])} safe, {_n(fix["unsafe"])} unsafe'))
    html = []
    for card in cards:
        name, value, note = card[:3]
        cls = f' sev-{card[3]}' if len(card) > 3 else ""
        html.append(f'<div class="card{cls}" data-total="{_e(name)}"><div class="k">{_e(name)}</div>'
                    f'<div class="v">{value}</div><div class="n">{_e(note)}</div></div>')
    return f'<section id="totals" class="cards">{"".join(html)}</section>'


def _rules(agg: Aggregate) -> str:
    rows = [(r["code"], r["name"], r["diagnostics"], r["records"], COLORS.get(r["severity"], FAMILY_COLOR),
             f'{r["code"]} {r["name"]} ({r["severity"]}): {r["summary"]}. {r["diagnostics"]:,} diagnostics in '
             f'{r["records"]:,} records') for r in agg.rule_rows()]
    legend = "".join(f'<span class="key"><i style="background:{COLORS[level]}"></i>{level}</span>'
                     for level in ("error", "warning", "info"))
    return (
        '<div class="panel" id="rules"><h2>Diagnostics per rule</h2>'
        f'<p class="legend">{legend}<span class="muted">diagnostics, in how many records</span></p>'
        f'{bar_chart("chart-rules", "diagnostics per rule", rows)}</div>'
    )


def _families(agg: Aggregate) -> str:
    rows = [(f["family"], f["title"], f["diagnostics"], f["records"], FAMILY_COLOR,
             f'{f["family"]} {f["title"]}: {f["diagnostics"]:,} diagnostics in {f["records"]:,} records')
            for f in agg.family_rows()]
    return ('<div class="panel" id="families"><h2>Diagnostics per family</h2>'
            f'{bar_chart("chart-families", "diagnostics per family", rows, 560, 190)}</div>')


def _genes(agg: Aggregate) -> str:
    genes = agg.gene_rows(GENES_SHOWN)
    if not genes:
        return ('<section id="genes" class="panel"><h2>Suspect genes</h2>'
                '<p class="empty">No gene diagnostics: no rule of the G family ran or none fired.</p></section>')
    gene_rows = []
    for rank, g in enumerate(genes, 1):
        causes = ", ".join(f'<b>{_e(c["token"])}</b> <span class="muted">{_e("/".join(c["kinds"]))}</span>'
                           + (f' ×{c["count"]}' if c["count"] > 1 else "")
                           for c in g["causes"]) or '<span class="muted">not named</span>'
        rules = " ".join(f'<span class="chip">{_e(code)}</span>' for code in g["rules"])
        gene_rows.append(f'<tr><td class="num">{rank}</td><td><b>{_e(g["gene"])}</b></td>'
                         f'<td class="num">{_n(g["flagged"])}</td><td class="num">{_n(g["records"])}</td>'
                         f'<td>{causes}</td><td class="rules">{rules}</td></tr>')
    cause_rows = []
    for c in agg.cause_rows(CAUSES_SHOWN):
        names = list(c["genes"])
        shown = ", ".join(_e(name) for name in names[:8]) + (f" and {len(names) - 8} more" if len(names) > 8 else "")
        cause_rows.append(f'<tr><td><b>{_e(c["token"])}</b> <span class="muted">{_e("/".join(c["kinds"]))}</span></td>'
                          f'<td class="num">{_n(c["flagged"])}</td><td>{shown}</td></tr>')
    causes = ('<table class="data" id="cluster-table"><thead><tr><th>alias or family</th><th class="num">flagged</th>'
              f'<th>genes</th></tr></thead><tbody>{"".join(cause_rows)}</tbody></table>'
              if cause_rows else '<p class="empty">No alias or family named in the gene diagnostics.</p>')
    return (
        '<section id="genes" class="panel"><h2>Suspect genes</h2>'
        '<p class="note">Keywords flagged by the gene rules, most often flagged first, with the alias token or '
        'family their diagnostics blame.</p><div class="grid2">'
        '<div><h3>Genes</h3><table class="data" id="gene-table"><thead><tr><th class="num">#</th><th>gene</th>'
        '<th class="num">flagged</th>'
        '<th class="num">records</th><th>caused by</th><th>rules</th></tr></thead>'
        f'<tbody>{"".join(gene_rows)}</tbody></table></div><div><h3>Clusters (alias tokens and family words)</h3>'
        f'{causes}</div></div></section>'
    )


def _organisms(agg: Aggregate) -> str:
    classes = agg.organism_rows()
    total = sum(row["records"] for row in classes)
    class_rows = "".join(
        f'<tr data-class="{_e(row["class"])}"><td>{_e(row["title"])}</td><td class="num">{_n(row["records"])}</td>'
        f'<td class="pct"><span class="meter"><i style="width:{100 * row["records"] / (total or 1):.1f}%"></i></span>'
        f'{_pct(row["records"], total)}</td></tr>' for row in classes)
    species = agg.species_rows(SPECIES_SHOWN)
    species_rows = "".join(
        f'<tr><td><i>{_e(s["species"])}</i></td><td class="num">{_n(s["both"])}</td>'
        f'<td class="num">{_n(s["organisms_only"])}</td><td class="num">{_n(s["ner_only"])}</td>'
        f'<td class="num">{_pct(s["both"], s["both"] + s["organisms_only"] + s["ner_only"])}</td></tr>'
        for s in species)
    species_table = (
        '<table class="data" id="species-table"><thead><tr><th>species</th><th class="num">in both</th>'
        '<th class="num">organisms only</th><th class="num">organisms_ner only</th><th class="num">agree</th></tr>'
        f'</thead><tbody>{species_rows}</tbody></table>'
        if species else '<p class="empty">No record has both organisms and organisms_ner.</p>')
    return (
        '<section id="organisms" class="panel"><h2>Organisms: <code>organisms</code> vs <code>organisms_ner</code></h2>'
        '<div class="grid2"><div><h3>Records</h3><table class="data" id="organism-table"><thead><tr><th>agreement</th>'
        f'<th class="num">records</th><th>share</th></tr></thead><tbody>{class_rows}</tbody></table></div>'
        f'<div><h3>Species (records with both keys)</h3>{species_table}</div></div></section>'
    )


def _dois(agg: Aggregate) -> str:
    rows = agg.doi_rows()
    missing = sum(row["missing_doi"] for row in rows)
    records = sum(row["records"] for row in rows)
    legend = (f'<span class="key"><i style="background:{DOI_MISSING}"></i>no DOI</span>'
              f'<span class="key"><i style="background:{DOI_ALL}"></i>all records</span>')
    return (
        '<div id="dois" class="panel"><h2>Missing DOIs by publication year</h2>'
        f'<p class="legend">{legend}<span class="muted">{_n(missing)} of {_n(records)} records '
        f'({_pct(missing, records)}) have no DOI (absent, empty or NA)</span></p>{doi_chart(rows)}</div>'
    )


def _table_data(agg: Aggregate, out_dir: Path | None) -> str:
    folders = []
    for folder in agg.folders:
        absolute = os.path.abspath(folder or ".")
        if out_dir is not None:
            try:
                href = os.path.relpath(absolute, out_dir)
            except ValueError:  # another drive (Windows)
                href = Path(absolute).as_uri()
        else:
            href = absolute
        folders.append([folder, quote(href.replace(os.sep, "/"))])
    rules = {code: [rule.name, str(rule.severity)] for code, rule in agg.rules.items()}
    payload = {
        "folders": folders,
        "messages": list(agg.messages),
        "severities": SEVERITIES,
        "rules": rules,
        "figure": FIGURE_PAGE,
        "rows": agg.rows,
    }
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _records(agg: Aggregate) -> str:
    codes = sorted(agg.by_code)
    options = "".join(f'<option value="{_e(code)}">{_e(code)} {_e(agg.rules[code].name if code in agg.rules else "")}'
                      f' ({_n(agg.records_by_code[code])})</option>' for code in codes)
    return (
        '<section id="records-section" class="panel"><h2>Records</h2>'
        '<form id="controls" class="controls" onsubmit="return false">'
        '<input id="filter" type="search" placeholder="filter: figid, path, rule or message text" '
        'aria-label="filter records" autocomplete="off">'
        f'<select id="rule" aria-label="rule"><option value="">all rules</option>{options}</select>'
        '<select id="severity" aria-label="severity"><option value="">any severity</option>'
        '<option value="error">has errors</option><option value="warning">has warnings</option>'
        '<option value="info">has info</option></select>'
        '<label><input id="all" type="checkbox"> include clean records</label></form>'
        '<p id="status" class="muted" aria-live="polite">The record table needs JavaScript.</p>'
        '<table class="data" id="records"><thead><tr>'
        '<th data-sort="figid" aria-sort="none">record and file</th><th data-sort="year" aria-sort="none">year</th>'
        '<th data-sort="problems" class="num" aria-sort="descending">problems</th><th>diagnostics</th>'
        '</tr></thead><tbody></tbody></table>'
        '<nav id="pager" class="pager"><button type="button" id="prev">‹ previous</button>'
        '<span id="page"></span><button type="button" id="next">next ›</button></nav></section>'
    )


def render_html(agg: Aggregate, out_path: Path | None = None, generated: datetime | None = None) -> str:
    """The whole page. Links to record files are relative to ``out_path``'s folder."""
    out_dir = Path(os.path.abspath(out_path)).parent if out_path is not None else None
    when = (generated or datetime.now(timezone.utc)).strftime("%Y-%m-%d %H:%M UTC")
    paths = ", ".join(agg.paths) or "."
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
        "script-src 'unsafe-inline'; img-src data:\">"
        f'<title>curate report: {_e(paths)}</title><style>{asset("report.css")}</style></head><body>'
        f'<header><h1>PFOCR curation report</h1><p class="muted">{_e(paths)} · {_n(agg.records)} records · '
        f'curate {_e(__version__)} · {len(agg.rules)} rules · {_e(when)}</p></header><main>'
        f'{_totals(agg)}<section class="grid2 charts">{_rules(agg)}'
        f'<div class="stack">{_families(agg)}{_dois(agg)}</div>'
        f'</section>{_genes(agg)}{_organisms(agg)}'
        f'{_records(agg)}</main>'
        f'<script type="application/json" id="report-data">{_table_data(agg, out_dir)}</script>'
        f'<script>{asset("report.js")}</script></body></html>\n'
    )
