"""Time curate on generated corpora and compare it with the cost of just parsing the records.

    python bench/run.py --sizes 5000,20000 --repeat 3 [--skip-yamllint] [--verify] [--profile]

For each size the corpus ``<root>/<N>`` is made with ``bench/make_corpus.py`` (and reused while its
manifest matches). Every figure is a command run as a subprocess of a fresh measuring process
(``run.py _measure``), which reports the wall time (``time.perf_counter``), the CPU time and peak
memory of the whole process tree (``getrusage(RUSAGE_CHILDREN)``: the largest single process), and
the peak total RSS and PSS of the tree, sampled from ``/proc`` every 50 ms. Runs are interleaved
(round 1 of every figure, then round 2, ...) so background load spreads over all figures. See
bench/README.md for what each figure means.
"""

from __future__ import annotations

import argparse
import compileall
import fcntl
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
DEFAULT_ROOT = Path(tempfile.gettempdir()) / "curate-bench"
SAMPLE_EVERY = 0.05
YAMLLINT_CONFIG = "{extends: default, yaml-files: ['*.md']}"
_CONCISE = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<column>\d+): (?P<code>[A-Z]\d{3}) ")


# ------------------------------------------------------------------ the measuring child
def _tree(root: int) -> list[int]:
    """``root`` and its descendants, from the parent ids in /proc/<pid>/stat."""
    children: dict[int, list[int]] = defaultdict(list)
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit() or int(entry.name) <= root:  # descendants are younger (barring pid wrap)
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:
            continue
        fields = stat[stat.rfind(b")") + 2 :].split()
        children[int(fields[1])].append(int(entry.name))
    found, stack = [], [root]
    while stack:
        pid = stack.pop()
        found.append(pid)
        stack.extend(children.get(pid, ()))
    return found


def _memory_kb(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of one process in kB; (0, 0) once it is gone."""
    rss = pss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Rss:"):
                    rss = int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss = int(line.split()[1])
                    break
    except OSError:
        pass
    return rss, pss


class _Sampler(threading.Thread):
    """Peak total RSS and PSS of a process tree, sampled every 50 ms."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.stopped = threading.Event()
        self.peak_rss = self.peak_pss = self.peak_processes = 0

    def run(self) -> None:
        while not self.stopped.is_set():
            pids = _tree(self.pid)
            sizes = [_memory_kb(pid) for pid in pids]
            self.peak_rss = max(self.peak_rss, sum(rss for rss, _ in sizes))
            self.peak_pss = max(self.peak_pss, sum(pss for _, pss in sizes))
            self.peak_processes = max(self.peak_processes, sum(1 for rss, _ in sizes if rss))
            self.stopped.wait(SAMPLE_EVERY)


def measure_child(spec: dict) -> dict:
    """Run one command and report its costs (this runs in a fresh process per measurement)."""
    import resource

    stdout = open(spec["stdout"], "wb") if spec.get("stdout") else subprocess.DEVNULL
    started = time.perf_counter()
    process = subprocess.Popen(spec["cmd"], cwd=spec["cwd"], env=spec["env"], stdout=stdout,
                               stderr=subprocess.PIPE)
    sampler = _Sampler(process.pid)
    sampler.start()
    _, stderr = process.communicate()
    wall = time.perf_counter() - started
    sampler.stopped.set()
    sampler.join()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "wall": wall,
        "cpu": usage.ru_utime + usage.ru_stime,
        "rc": process.returncode,
        "max_process_rss_mb": usage.ru_maxrss / 1024,
        "tree_rss_mb": sampler.peak_rss / 1024,
        "tree_pss_mb": sampler.peak_pss / 1024,
        "processes": sampler.peak_processes,
        "stderr": stderr.decode("utf-8", "replace")[-2000:],
    }


def measure(cmd: list[str], cwd: Path, env: dict[str, str] | None = None, stdout: Path | None = None) -> dict:
    spec = {"cmd": cmd, "cwd": str(cwd), "env": {**os.environ, **(env or {})},
            "stdout": str(stdout) if stdout else None}
    done = subprocess.run([sys.executable, str(Path(__file__).resolve()), "_measure", json.dumps(spec)],
                          capture_output=True, text=True, check=True)
    result = json.loads(done.stdout)
    result["load"] = os.getloadavg()[0]
    return result


# ------------------------------------------------------------------ the floor
def floor(folder: Path) -> int:
    """What any linter must do at least: read every record and parse its front matter with libyaml."""
    import yaml

    count = 0
    for directory, subdirs, files in os.walk(folder):
        subdirs.sort()
        if Path(directory).name != "_figures":
            continue
        for name in sorted(files):
            if not name.endswith(".md"):
                continue
            with open(os.path.join(directory, name), "rb") as handle:
                text = handle.read().decode("utf-8")
            end = text.find("\n---", 3)
            try:
                yaml.load(text[4 : end + 1], Loader=yaml.CSafeLoader)
            except yaml.YAMLError:
                pass
            count += 1
    return count


# ------------------------------------------------------------------ figures
CODE = REPO  # the code under test: set by main() to a snapshot of the working tree, or links to it


def snapshot_code(root: Path, live: bool = False) -> Path:
    """The code under test laid out as installed (linter/, rules/ and schemas/ inside curate/): a copy
    of the working tree, so edits made during a run do not mix into it, or with ``live`` links to it.

    Its bytecode is compiled here, as ``pip install`` does for a wheel: without it every run would
    compile every module again wherever PYTHONDONTWRITEBYTECODE is set (it is on some machines),
    and start-up would be timed as a first run after an upgrade."""
    # one run at a time holds the root (main's lock), so earlier runs' copies are no longer in use
    shutil.rmtree(root / "code", ignore_errors=True)
    destination = root / "code" / ("live" if live else time.strftime("%Y%m%d-%H%M%S"))
    package = destination / "curate"
    if live:
        package.mkdir(parents=True)
        for entry in (REPO / "curate").iterdir():
            (package / entry.name).symlink_to(entry)
        for name in ("linter", "rules", "schemas"):
            (package / name).symlink_to(REPO / name)
    else:
        skip = shutil.ignore_patterns("__pycache__", "*.pyc")
        shutil.copytree(REPO / "curate", package, ignore=skip)
        for name in ("linter", "rules", "schemas"):
            shutil.copytree(REPO / name, package / name, ignore=skip)
    # compileall does not follow the live layout's links: compile what they point to
    for folder in [REPO / name for name in ("curate", "linter", "rules", "schemas")] if live else [package]:
        if not compileall.compile_dir(folder, quiet=2):
            raise SystemExit(f"the code under test does not compile: python -m compileall {folder}")
    return destination


def curate_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "curate", *args]


def figures(corpus: Path, skip_yamllint: bool) -> dict[str, dict]:
    """Each figure: its command, how to prepare a run (cache dir) and what it is compared with."""
    lint = ("lint", "--format", "concise", "-o", os.devnull, "--quiet")
    table = {
        "floor": {"label": "(a) floor: read + yaml.CSafeLoader, 1 process",
                  "cmd": [sys.executable, str(Path(__file__).resolve()), "_floor", str(corpus)]},
        "cold-1": {"label": "(b) lint cold, 1 worker", "cmd": curate_cmd(*lint, "--jobs", "1", str(corpus)),
                   "cache": "fresh"},
        "cold-2": {"label": "(b) lint cold, 2 workers", "cmd": curate_cmd(*lint, "--jobs", "2", str(corpus)),
                   "cache": "fill"},
        "nocache-2": {"label": "    lint --no-cache, 2 workers",
                      "cmd": curate_cmd(*lint, "--jobs", "2", "--no-cache", str(corpus))},
        "warm-2": {"label": "(c) lint warm (cache filled), 2 workers",
                   "cmd": curate_cmd(*lint, "--jobs", "2", str(corpus)), "cache": "filled"},
        "fix-2": {"label": "(d) fix --dry-run, 2 workers",
                  "cmd": curate_cmd("fix", "--dry-run", "--quiet", "-o", os.devnull, "--jobs", "2", str(corpus))},
    }
    if not skip_yamllint:
        table["yamllint"] = {"label": "(e) yamllint (reference)", "once": True,
                             "cmd": [sys.executable, "-m", "yamllint", "-f", "parsable", "-d", YAMLLINT_CONFIG,
                                     str(corpus / "_figures")]}
    return table


def run_figures(corpus: Path, repeat: int, skip_yamllint: bool, yamllint_repeat: int, log,
                only: list[str] | None = None) -> dict[str, list[dict]]:
    table = figures(corpus, skip_yamllint)
    if only:  # the floor is every ratio's denominator
        table = {name: spec for name, spec in table.items() if name == "floor" or name in only}
    runs: dict[str, list[dict]] = {name: [] for name in table}
    env = {"PYTHONPATH": str(CODE)}
    measure(table["floor"]["cmd"], corpus)  # warm the page cache: every figure reads from memory
    filled = Path(tempfile.mkdtemp(prefix="curate-bench-cache-"))
    try:
        for round_ in range(repeat):
            for name, figure in table.items():
                if name == "warm-2" and not runs["cold-2"]:
                    continue
                if name == "yamllint" and round_ >= yamllint_repeat:
                    continue
                cache = figure.get("cache")
                scratch = Path(tempfile.mkdtemp(prefix="curate-bench-cache-")) if cache else None
                cache_dir = filled if cache == "filled" or (cache == "fill" and round_ == 0) else scratch
                extra = {**env, "CURATE_RESULTS_CACHE": str(cache_dir)} if cache_dir else env
                result = measure(figure["cmd"], corpus, extra)
                if scratch is not None:
                    shutil.rmtree(scratch, ignore_errors=True)
                expected = (0,) if name == "floor" else (0, 1)
                if result["rc"] not in expected:
                    raise SystemExit(f"{name} failed (exit {result['rc']}):\n{result['stderr']}")
                runs[name].append(result)
                log(f"  round {round_ + 1} {name:<10} {result['wall']:8.2f} s wall {result['cpu']:8.2f} s cpu "
                    f"{result['tree_rss_mb']:7.0f} MB tree RSS  load {result['load']:.1f}")
    finally:
        shutil.rmtree(filled, ignore_errors=True)
    return runs


def summarize(runs: dict[str, list[dict]], count: int) -> dict[str, dict]:
    summary = {}
    for name, results in runs.items():
        if not results:
            continue
        walls = [r["wall"] for r in results]
        summary[name] = {
            "runs": len(results),
            "wall_median": statistics.median(walls),
            "wall_min": min(walls),
            "cpu_median": statistics.median(r["cpu"] for r in results),
            "us_per_record": statistics.median(walls) / count * 1e6,
            "tree_rss_mb": max(r["tree_rss_mb"] for r in results),
            "tree_pss_mb": max(r["tree_pss_mb"] for r in results),
            "max_process_rss_mb": max(r["max_process_rss_mb"] for r in results),
            "processes": max(r["processes"] for r in results),
            "load_median": statistics.median(r["load"] for r in results),
        }
    return summary


def render_size(count: int, corpus: Path, manifest: dict, summary: dict[str, dict]) -> str:
    labels = {name: figure["label"] for name, figure in figures(corpus, False).items()}
    base = summary["floor"]["wall_median"]
    base_cpu = summary["floor"]["cpu_median"]
    lines = [
        f"N = {count:,} records, {manifest['records_with_defects']:,} with an injected defect "
        f"({manifest['defect_rate']:.0%}), corpus {corpus}",
        f"{'figure':<46} {'median s':>9} {'min s':>8} {'x floor':>8} {'cpu s':>8} {'cpu x':>6} {'us/rec':>7} "
        f"{'tree RSS':>9} {'tree PSS':>9} {'max proc':>9} {'load':>5}",
    ]
    for name, row in summary.items():
        ratio = f"{row['wall_median'] / base:.2f}"
        if name == "warm-2" and "cold-2" in summary:
            ratio = f"{row['wall_median'] / summary['cold-2']['wall_median']:.2f}c"
        lines.append(
            f"{labels[name]:<46} {row['wall_median']:9.2f} {row['wall_min']:8.2f} {ratio:>8} "
            f"{row['cpu_median']:8.2f} {row['cpu_median'] / base_cpu:6.2f} {row['us_per_record']:7.0f} "
            f"{row['tree_rss_mb']:7.0f}MB {row['tree_pss_mb']:7.0f}MB {row['max_process_rss_mb']:7.0f}MB "
            f"{row['load_median']:5.1f}"
        )
    lines.append("(x floor: median wall time over the floor's; 'c' marks a ratio to the cold 2-worker run)")
    return "\n".join(lines)


def targets(results: dict[int, dict]) -> list[str]:
    """The issue's targets at every size measured (wall time; CPU time alongside, as load skews wall)."""
    lines = [f"  {'N':<8} {'target':<38} {'wall':>7} {'cpu':>7}"]
    for count, summary in sorted(results.items()):
        base = summary["floor"]
        checks = []

        def ratio(name: str, over: dict, limit: float, label: str) -> None:
            if name in summary:
                row = summary[name]
                checks.append((label, row["wall_median"] / over["wall_median"],
                               row["cpu_median"] / over["cpu_median"], limit))

        ratio("cold-2", base, 1.3, "cold lint, 2 workers <= 1.3 x floor")
        if "cold-2" in summary:
            ratio("warm-2", summary["cold-2"], 0.10, "warm <= 0.10 x cold (2 workers)")
        ratio("fix-2", base, 2.0, "fix --dry-run <= 2 x floor")
        for label, wall, cpu, limit in checks:
            lines.append(f"  {count:<8,} {label:<38} {wall:7.2f} {cpu:7.2f}  {'ok' if wall <= limit else 'MISSED'}")
        peak = max(row["tree_rss_mb"] for name, row in summary.items() if name not in ("floor", "yamllint"))
        lines.append(f"  {count:<8,} {'peak tree RSS of curate <= 400 MB':<38} {peak:7.0f} {'':>7}  "
                     f"{'ok' if peak <= 400 else 'MISSED'}")
    return lines


def scaling(results: dict[int, dict]) -> list[str]:
    """Microseconds per record at each size: flat rows mean the cost grows linearly with N."""
    sizes = sorted(results)
    names = [name for name in results[sizes[0]] if all(name in results[n] for n in sizes)]
    lines = [f"{'us per record (median wall / N)':<34}" + "".join(f"{n:>10,}" for n in sizes) + "   last/first"]
    for name in names:
        values = [results[n][name]["us_per_record"] for n in sizes]
        lines.append(f"  {name:<32}" + "".join(f"{v:10.0f}" for v in values) + f"   {values[-1] / values[0]:9.2f}")
    return lines


# ------------------------------------------------------------------ corpora
def ensure_corpus(count: int, root: Path, defect_rate: float, seed: int, log) -> tuple[Path, dict]:
    """The corpus of ``count`` records, made again when absent or made with other settings or rules."""
    from curate.linter.registry import all_rules

    import make_corpus

    out = root / str(count)
    wanted = {"generator_version": make_corpus.GENERATOR_VERSION, "records": count, "seed": seed,
              "defect_rate": defect_rate, "rules_at_generation": [rule.code for rule in all_rules()]}
    try:
        manifest = json.loads((out / "manifest.json").read_text())
        if all(manifest.get(key) == value for key, value in wanted.items()):
            return out, manifest
    except (OSError, ValueError):
        pass
    log(f"making corpus {out} ...")
    manifest = make_corpus.make_corpus(count, out, defect_rate=defect_rate, seed=seed)
    log(f"  {count:,} records in {manifest['seconds']} s")
    return out, manifest


# ------------------------------------------------------------------ checking the injected defects
def verify(corpus: Path, manifest: dict) -> list[str]:
    """Which injected defects curate reports (at the line of the value changed) and what a fix changes."""
    from curate.linter.registry import all_rules

    rules = all_rules()
    code_of = {rule.name: rule.code for rule in rules}
    codes = {rule.code for rule in rules}
    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "lint.txt"
        env = {"PYTHONPATH": str(CODE)}
        measure(curate_cmd("lint", "--no-cache", "--format", "concise", "--jobs", "2", "-o", str(report),
                           str(corpus)), corpus, env)
        found: dict[str, list[tuple[str, int]]] = defaultdict(list)
        totals: Counter = Counter()
        for line in report.read_text(encoding="utf-8").splitlines():
            match = _CONCISE.match(line)
            if match:
                found[Path(match["path"]).stem].append((match["code"], int(match["line"])))
                totals[match["code"]] += 1
        diff = Path(scratch) / "fix.diff"
        measure(curate_cmd("fix", "--dry-run", "--quiet", "--jobs", "2", str(corpus)), corpus, env, stdout=diff)
        changed = {Path(line[6:].strip()).stem for line in diff.read_text(encoding="utf-8").splitlines()
                   if line.startswith("+++ b/")}
    by_kind: dict[str, Counter] = defaultdict(Counter)
    for defect in manifest["defects"]:
        wanted = {code_of[name] for name in defect["rules"] if name in code_of}
        how = "rule" if wanted else "family"
        if not wanted and not any(code.startswith(defect["family"]) for code in codes):
            how = "none"
        hit = any(
            (code in wanted if wanted else code.startswith(defect["family"]))
            and defect["line"] <= line <= defect["end_line"]
            for code, line in found.get(defect["figid"], ())
        )
        by_kind[defect["kind"]][how] += 1
        by_kind[defect["kind"]]["hit"] += hit
        by_kind[defect["kind"]]["fixed"] += defect["figid"] in changed
    lines = [f"{'injected defect':<24} {'family':<6} {'expected rule':<28} {'found':>9} {'fix changes':>12}"]
    for name, info in manifest["kinds"].items():
        counts = by_kind[name]
        total = info["count"]
        present = [f"{code_of[r]} {r}" for r in info["rules"] if r in code_of]
        rule = present[0] if present else (f"any {info['family']} rule" if counts["family"] else
                                           f"no {info['family']} rule yet")
        lines.append(f"{name:<24} {info['family']:<6} {rule:<28} {counts['hit']:>4}/{total:<4} "
                     f"{counts['fixed']:>6}/{total:<4}")
    defective = {d["figid"] for d in manifest["defects"]}
    lines.append(f"files a safe fix changes: {len(changed):,} of {manifest['records']:,} "
                 f"({len(changed - defective):,} without an injected defect)")
    lines.append("diagnostics per rule: " + ", ".join(f"{code} {n:,}" for code, n in sorted(totals.items())))
    return lines


# ------------------------------------------------------------------ profiling
CATEGORIES = (  # (category, test on (function, file path)), tried from the leaf frame upward
    ("read (file I/O)", lambda f, p: f == "read_record_bytes"),
    ("cache (key, sqlite)", lambda f, p: p.endswith("linter/cache.py")),
    ("house-style reader", lambda f, p: p.endswith("linter/house_style.py")
     or (p.endswith("linter/document.py") and f in ("plain_value", "plain_tag"))),
    ("yaml compose (libyaml, resolver, nodes)", lambda f, p: "yaml/resolver" in p or "yaml/nodes" in p
     or (p.endswith("linter/document.py") and f in ("_parse_front_matter", "resolve", "descend_resolver",
                                                     "ascend_resolver"))),
    ("yaml construct + node check", lambda f, p: "yaml/constructor" in p
     or (p.endswith("linter/document.py") and f in ("_construct", "build", "_check_nodes", "size"))),
    ("document: positions", lambda f, p: p.endswith("linter/document.py")
     and f in ("locations", "locate", "_location", "_find", "_walk_locations", "walk", "_span", "_content_end",
               "line_starts", "position", "__getitem__", "__contains__", "_table", "__iter__", "__len__", "get",
               "_find_in_tree", "_tree_location", "_marks_span", "_walk_tree")),
    ("document: sidecar", lambda f, p: p.endswith("linter/document.py") and f == "sidecar"),
    ("document: decode, split", lambda f, p: p.endswith("linter/document.py") and f in ("_load", "_find_front_matter")),
    ("suppressions", lambda f, p: p.endswith("linter/suppress.py")),
    ("output (reporters)", lambda f, p: p.endswith("linter/reporters.py")),
    ("fixer, fix edits", lambda f, p: p.endswith("linter/fixer.py") or p.endswith("linter/edits.py")),
    ("IPC (multiprocessing)", lambda f, p: "multiprocessing" in p),
    ("knowledge snapshot", lambda f, p: "linter/knowledge" in p or p.endswith("linter/hgnc_client.py")),
    ("collect targets", lambda f, p: f in ("collect_targets", "_walk", "_included", "_excluded")),
)


def _category(stack: list[tuple[str, str]]) -> str:
    if any(function == "_find_and_load" for function, _ in stack):
        return "startup: imports"
    for function, path in reversed(stack):
        match = re.search(r"(?:^|/)rules/([a-z_]+)/", path)
        if match:
            return f"rules: {match.group(1)}"
        for name, test in CATEGORIES:
            if test(function, path):
                return name
        if path.endswith("linter/runner.py"):
            return "engine (runner)"
    return "other (interpreter, cli, config)"


def profile_child(corpus: Path, out: Path) -> None:
    """Profile one cold single-worker lint in this process with pyinstrument."""
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.001)
    profiler.start()
    from curate.linter.cli import main  # from PYTHONPATH: the code under test

    main(["lint", "--jobs", "1", "--format", "concise", "-o", os.devnull, "--quiet", str(corpus)])
    profiler.stop()
    session = profiler.last_session
    out.with_suffix(".txt").write_text(profiler.output_text(unicode=True, show_all=False))
    out.with_suffix(".html").write_text(profiler.output_html())
    shares: Counter = Counter()
    functions: Counter = Counter()

    def walk(frame, stack: list[tuple[str, str]]) -> None:
        here = [*stack, (frame.function or "", frame.file_path or "")]
        own = frame.time - sum(child.time for child in frame.children)
        if own > 0:
            shares[_category(here)] += own
            if not frame.is_synthetic:
                functions[f"{frame.function} ({frame.file_path_short}:{frame.line_no})"] += own
            else:
                functions[f"{stack[-1][0]} [self] ({Path(stack[-1][1]).name})" if stack else "[self]"] += own
        for child in frame.children:
            walk(child, here)

    walk(session.root_frame(), [])
    out.with_suffix(".json").write_text(json.dumps({
        "duration": session.duration, "categories": shares.most_common(), "functions": functions.most_common(40),
    }, indent=1))


def profile(corpus: Path, root: Path) -> list[str]:
    out = root / f"profile-{corpus.name}"
    with tempfile.TemporaryDirectory(prefix="curate-bench-cache-") as cache:
        subprocess.run([sys.executable, str(Path(__file__).resolve()), "_profile", str(corpus), str(out)],
                       env={**os.environ, "PYTHONPATH": str(CODE), "CURATE_RESULTS_CACHE": cache}, check=True)
    data = json.loads(out.with_suffix(".json").read_text())
    total = sum(seconds for _, seconds in data["categories"])
    lines = [f"profile of one cold lint, 1 worker, {corpus} ({data['duration']:.1f} s under pyinstrument; "
             f"{out}.txt / .html)", f"{'where the time goes':<40} {'s':>7} {'share':>6}"]
    lines += [f"  {name:<38} {seconds:7.2f} {seconds / total:6.1%}" for name, seconds in data["categories"]]
    lines.append("top functions by own time:")
    lines += [f"  {seconds:6.2f} s {seconds / total:6.1%}  {name}" for name, seconds in data["functions"][:15]]
    return lines


def costs_child(corpus: Path, count: int) -> dict:
    """Microseconds per record of each step of a lint, measured in one process, rule by rule."""
    import dataclasses
    import gc
    import io
    import pickle

    import yaml

    from curate.linter.cache import ResultCache, cache_key, encode
    from curate.linter.config import load_config
    from curate.linter.document import Document, read_record_bytes, sidecar_path_for
    from curate.linter.reporters import concise_line
    from curate.linter.rule import Context
    from curate.linter.runner import FileResult, check_document, collect_targets, run_token

    collecting = [0.0, 0.0]  # time spent in the cyclic garbage collector, when the current pass started

    def on_gc(phase: str, info: dict) -> None:
        if phase == "start":
            collecting[1] = time.perf_counter()
        else:
            collecting[0] += time.perf_counter() - collecting[1]

    gc.callbacks.append(on_gc)

    def clock() -> float:
        """A clock that stops while the garbage collector runs: its passes are counted on their own."""
        return time.perf_counter() - collecting[0]

    def timed(function) -> float:
        started = clock()
        function()
        return clock() - started

    steps: dict[str, float] = {}
    started = time.perf_counter()
    config = load_config(corpus)
    context = Context()
    token = run_token(config, context)
    steps["startup: config, rules, run token (once)"] = time.perf_counter() - started
    targets: list = []
    steps["collect targets"] = timed(lambda: targets.extend(collect_targets([str(corpus)], config))) / len(targets)
    warm, targets = targets[count : count + 50], targets[:count]
    n = len(targets)
    raws: list = []
    steps["read"] = timed(lambda: raws.extend(read_record_bytes(t.fs_path, config.limits) for t in targets)) / n

    def floor() -> None:
        for raw in raws:
            text = raw.decode("utf-8")
            try:
                yaml.load(text[4 : text.find("\n---", 3) + 1], Loader=yaml.CSafeLoader)
            except yaml.YAMLError:
                pass

    reference = timed(floor) / n

    for target in warm:  # lazy tables (knowledge sections) load here, not in the first rule timed
        check_document(Document.from_path(target.fs_path, config.limits), config, context)
    rules: dict[str, list] = {f"{rule.code} {rule.name}": [0.0, 0] for rule in config.rules}
    results: list = []
    parse = sidecar = engine = 0.0
    current: dict[str, list] = {}  # this record's findings, replayed to time the engine's work without the rules'
    replay = dataclasses.replace(config, rules=tuple(
        dataclasses.replace(rule, check=lambda *_, code=rule.code: iter(current.get(code, ())))
        for rule in config.rules))
    collected_before = collecting[0]
    for target, raw in zip(targets, raws):  # one record at a time, as a lint does: nothing piles up
        started = clock()
        doc = Document.from_bytes(target.display, raw, config.limits, target.fs_path)
        parse += clock() - started
        started = clock()
        doc.sidecar
        sidecar += clock() - started
        current.clear()
        for rule in config.rules:  # in the engine's order, so caches shared by rules work as in a lint
            if doc.loaded or rule.on_unreadable:
                started = clock()
                found = list(rule.check(doc, config.options[rule.code], context))
                row = rules[f"{rule.code} {rule.name}"]
                row[0] += clock() - started
                row[1] += len(found)
                current[rule.code] = found
        started = clock()
        found = check_document(doc, replay, context)
        engine += clock() - started
        if len(results) < 500:  # enough to time the cache, IPC and output with; holding more would slow the GC
            results.append(found)
    steps["garbage collector (cyclic GC passes)"] = (collecting[0] - collected_before) / n
    steps["parse: Document.from_bytes (house-style reader or libyaml)"] = parse / n
    steps["sidecar: Document.sidecar"] = sidecar / n
    steps["engine: check_document less the rules (replace, suppress, sort)"] = engine / n
    for row in rules.values():
        row[0] /= n
    m = len(results)
    sample = list(zip(targets, raws))[:m]
    with tempfile.TemporaryDirectory() as scratch:
        cache = ResultCache(Path(scratch))
        keyed = cache.token(token)
        keys = [cache_key(keyed, t.display, raw, sidecar_path_for(t.fs_path)) for t, raw in sample]
        steps["cache: keys (keyed BLAKE2b, sidecar stat)"] = timed(
            lambda: [cache_key(keyed, t.display, raw, sidecar_path_for(t.fs_path)) for t, raw in sample]) / m
        steps["cache: write (JSON, sqlite)"] = timed(
            lambda: cache.put_many([(key, encode(found)) for key, found in zip(keys, results)])) / m
        steps["cache: read (sqlite, JSON; warm runs)"] = timed(lambda: [cache.get(key) for key in keys]) / m
        cache.close()
    packets: list = []
    steps["IPC: pickle results (workers)"] = timed(lambda: packets.extend(
        pickle.dumps((FileResult(t.display, found), key)) for (t, _), found, key in zip(sample, results, keys))) / m
    steps["IPC: unpickle results (main)"] = timed(lambda: [pickle.loads(packet) for packet in packets]) / m
    out = io.StringIO()
    steps["output: concise lines"] = timed(
        lambda: [out.write(concise_line(d) + "\n") for found in results for d in found]) / m
    return {"records": n, "floor": reference, "steps": steps, "rules": rules,
            "diagnostics": sum(found for _, found in rules.values())}


def costs(corpus: Path, count: int) -> list[str]:
    done = subprocess.run([sys.executable, str(Path(__file__).resolve()), "_costs", str(corpus), str(count)],
                          env={**os.environ, "PYTHONPATH": str(CODE)}, capture_output=True, text=True, check=True)
    data = json.loads(done.stdout)
    n, floor_us = data["records"], data["floor"] * 1e6
    startup = data["steps"].pop("startup: config, rules, run token (once)")
    rows = [(name, cost * 1e6, "") for name, cost in data["steps"].items()]
    rows += [(name, cost * 1e6, f"{found:,} diagnostics") for name, (cost, found) in data["rules"].items()]
    lint_rows = [row for row in rows if not row[0].startswith(("cache: read", "IPC"))]
    lint = sum(cost for _, cost, _ in lint_rows)
    lines = [f"cost of each step, one process, first {n:,} records of {corpus} "
             f"(floor: yaml.load with CSafeLoader = {floor_us:.0f} us per record; start-up {startup:.2f} s once)",
             f"{'step':<64} {'us/rec':>8} {'x floor':>8} {'share':>6}"]
    for name, cost, note in sorted(rows, key=lambda row: -row[1]):
        share = f"{cost / lint:6.1%}" if (name, cost, note) in lint_rows else "     -"
        lines.append(f"  {name:<62} {cost:8.0f} {cost / floor_us:8.2f} {share} {note}")
    lines.append(f"  {'a cold lint, 1 worker (the steps with a share)':<62} {lint:8.0f} {lint / floor_us:8.2f}")
    families: Counter = Counter()
    for name, (cost, _) in data["rules"].items():
        families[name[0]] += cost * 1e6
    lines.append("  rules by family (us/rec): " + ", ".join(f"{family} {cost:.0f}"
                                                        for family, cost in families.most_common()))
    return lines


_SPY_FRAME = re.compile(r"^(?P<function>.*) \((?P<path>[^()]*?)(?::\d+)?\)$")


def spy_profile(corpus: Path, root: Path, jobs: int) -> list[str]:
    """Profile a cold lint with ``jobs`` workers with py-spy (every process, CPU samples only)."""
    out = root / f"spy-{corpus.name}-j{jobs}.txt"
    with tempfile.TemporaryDirectory(prefix="curate-bench-cache-") as cache:
        subprocess.run(["py-spy", "record", "--rate", "250", "--subprocesses", "--format", "raw", "-o", str(out),
                        "--", *curate_cmd("lint", "--jobs", str(jobs), "--format", "concise", "-o", os.devnull,
                                          "--quiet", str(corpus))],
                       env={**os.environ, "PYTHONPATH": str(CODE), "CURATE_RESULTS_CACHE": cache}, check=True,
                       capture_output=True)
    shares: dict[str, Counter] = defaultdict(Counter)
    main_pid = None
    for line in out.read_text(encoding="utf-8").splitlines():
        stack_text, _, count = line.rpartition(" ")
        parts = stack_text.split(";")
        pids = [part.split(":")[0].split()[1] for part in parts if part.startswith("process ")]
        main_pid = main_pid or (pids[0] if pids else None)
        role = "main" if len(pids) <= 1 else "workers"
        stack = []
        for part in parts:
            match = _SPY_FRAME.match(part)
            if match and not part.startswith("process "):
                stack.append((match["function"].rpartition(".")[2], match["path"]))
        shares[role][_category(stack)] += int(count)
    total = sum(sum(counter.values()) for counter in shares.values())
    names = sorted({name for counter in shares.values() for name in counter},
                   key=lambda name: -sum(counter[name] for counter in shares.values()))
    lines = [f"py-spy profile of one cold lint, {jobs} workers, {corpus} (CPU samples of every process; {out})",
             f"{'where the CPU time goes':<40} {'main':>7} {'workers':>8} {'share':>6}"]
    for name in names:
        main, workers = shares["main"][name], shares["workers"][name]
        lines.append(f"  {name:<38} {main / 250:6.1f}s {workers / 250:7.1f}s {(main + workers) / total:6.1%}")
    lines.append(f"  {'total':<38} {sum(shares['main'].values()) / 250:6.1f}s "
                 f"{sum(shares['workers'].values()) / 250:7.1f}s")
    return lines


# ------------------------------------------------------------------ start-up
STARTUP_RECORD = REPO / "tests" / "rules" / "base.md"  # one real-shaped record with its sidecar


def startup(root: Path, repeat: int, skip_yamllint: bool) -> list[str]:
    """What one record costs from a cold start: the time pre-commit or an editor waits for.

    Every command runs ``repeat`` times, interleaved, and the median wall time is shown against a
    bare interpreter start (``python -c pass``)."""
    folder = root / "startup"
    shutil.rmtree(folder, ignore_errors=True)
    record = folder / "_figures" / "PMC1__f1.md"
    record.parent.mkdir(parents=True)
    shutil.copyfile(STARTUP_RECORD, record)
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "python -c 'import yaml'": [sys.executable, "-c", "import yaml"],
        "curate --version": curate_cmd("--version"),
        "curate rules": curate_cmd("rules"),
        "curate explain G107": curate_cmd("explain", "G107"),
        "curate lint --no-cache (1 record, all rules)": curate_cmd("lint", "--no-cache", "-o", os.devnull, str(record)),
    }
    if not skip_yamllint:
        commands["yamllint (1 record)"] = [sys.executable, "-m", "yamllint", "-f", "parsable", "-d", YAMLLINT_CONFIG,
                                           str(record)]
    env = {"PYTHONPATH": str(CODE)}
    runs: dict[str, list[dict]] = {name: [] for name in commands}
    for _ in range(repeat):
        for name, cmd in commands.items():
            run = measure(cmd, folder, env)
            if run["rc"] not in ((0, 1) if "lint" in name else (0,)):  # 1: problems found, which is a run
                raise SystemExit(f"{name} exited {run['rc']}, so its time means nothing:\n{run['stderr']}")
            runs[name].append(run)

    def median(name: str, what: str) -> float:
        return statistics.median(run[what] for run in runs[name])

    bare_wall, bare_cpu = median("python -c pass", "wall"), median("python -c pass", "cpu")
    # CPU time (user + sys) beside wall time: it varies less when something else shares the cores
    lines = [f"start-up: one record, median of {repeat} (seconds; x a bare interpreter start)",
             f"{'command':<46} {'wall':>7} {'x bare':>7} {'CPU':>7} {'x bare':>7}"]
    for name in commands:
        wall, cpu = median(name, "wall"), median(name, "cpu")
        lines.append(f"{name:<46} {wall:>7.3f} {wall / bare_wall:>7.1f} {cpu:>7.3f} {cpu / bare_cpu:>7.1f}")
    return lines


# ------------------------------------------------------------------ main
def ensure_tool(name: str, log) -> bool:
    """Whether the PyPI package ``name`` is there (a module, or for py-spy a program), pip-installing it if not."""
    import importlib.util

    def present() -> bool:
        importlib.invalidate_caches()
        return shutil.which(name) is not None if name == "py-spy" else importlib.util.find_spec(name) is not None

    if present():
        return True
    log(f"{name} is not installed: pip install {name}")
    done = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", name], capture_output=True, text=True)
    if done.returncode != 0 or not present():
        log(f"could not install {name}: {done.stderr.strip()[-300:]}")
        return False
    return True


def environment() -> list[str]:
    import yaml

    commit = subprocess.run(["git", "-C", str(REPO), "describe", "--always", "--dirty"], capture_output=True,
                            text=True).stdout.strip()
    from curate.linter.registry import all_rules

    changed = subprocess.run(["git", "-C", str(REPO), "status", "--short", "--", "linter", "rules", "schemas"],
                             capture_output=True, text=True).stdout.splitlines()
    return [
        f"machine: {os.cpu_count()} cores ({platform.machine()}), load average {os.getloadavg()[0]:.1f} at start; "
        f"Python {platform.python_version()}, PyYAML {yaml.__version__} with libyaml "
        f"{'yes' if yaml.__with_libyaml__ else 'NO'}; curate {commit}, {len(all_rules())} rules",
        f"code under test: {CODE}" + (f" ({len(changed)} uncommitted paths: {', '.join(c[3:] for c in changed[:6])}"
                                      f"{', ...' if len(changed) > 6 else ''})" if changed else ""),
    ]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description="Benchmark curate against the cost of parsing the records.")
    parser.add_argument("--sizes", default="5000,20000,50000", help="corpus sizes (comma-separated)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (the median is reported)")
    parser.add_argument("--skip-yamllint", action="store_true", help="do not time yamllint")
    parser.add_argument("--yamllint-repeat", type=int, default=1, help="runs of yamllint (it is slow)")
    parser.add_argument("--root", type=Path, default=DEFAULT_ROOT, help="where corpora and results go")
    parser.add_argument("--defect-rate", type=float, default=0.05)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--verify", action="store_true", help="check which injected defects curate reports")
    parser.add_argument("--profile", action="store_true", help="profile a cold 1-worker lint of the smallest size")
    parser.add_argument("--spy", action="store_true", help="profile a cold 2-worker lint with py-spy (IPC, main)")
    parser.add_argument("--costs", type=int, metavar="N", default=0,
                        help="cost of each step and rule, in one process, on the first N records of the smallest size")
    parser.add_argument("--figures", type=lambda text: text.split(","), metavar="NAMES",
                        help="only these figures besides the floor (cold-1, cold-2, nocache-2, warm-2, fix-2, yamllint)")
    parser.add_argument("--startup", type=int, metavar="N", default=0,
                        help="time one-record start-up (curate --version, rules, lint; yamllint), median of N runs")
    parser.add_argument("--no-timing", action="store_true", help="only --verify / --profile")
    parser.add_argument("--live", action="store_true", help="time the working tree itself, not a snapshot of it")
    parser.add_argument("--json", type=Path, help="write every run's figures here (default: ROOT/results-*.json)")
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["_measure"]:
        print(json.dumps(measure_child(json.loads(argv[1]))))
        return 0
    if argv[:1] == ["_floor"]:
        floor(Path(argv[1]))
        return 0
    if argv[:1] == ["_costs"]:
        print(json.dumps(costs_child(Path(argv[1]), int(argv[2]))))
        return 0
    if argv[:1] == ["_profile"]:
        profile_child(Path(argv[1]), Path(argv[2]))
        return 0
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.root.resolve().is_relative_to(REPO):
        parser.error("put corpora outside the repository")
    sizes = [int(size) for size in args.sizes.split(",") if size.strip()]

    def log(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    args.root.mkdir(parents=True, exist_ok=True)
    lock = open(args.root / ".lock", "a+")
    try:  # one benchmark at a time per root: two would regenerate corpora under each other and share the cores
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        lock.seek(0)
        log(f"another benchmark holds {args.root}/.lock ({lock.read().strip() or 'unknown'}); waiting for it")
        fcntl.flock(lock, fcntl.LOCK_EX)
    lock.seek(0)
    lock.truncate()
    lock.write(f"pid {os.getpid()}, started {time.strftime('%H:%M:%S')}\n")
    lock.flush()
    global CODE
    CODE = snapshot_code(args.root, live=args.live)
    sys.path.insert(0, str(CODE))
    sys.path.insert(1, str(BENCH))
    destination = args.json or args.root / f"results-{time.strftime('%Y%m%d-%H%M%S')}.json"
    report: list[str] = []
    results: dict[int, dict] = {}
    raw: dict[int, dict] = {}

    def emit(*lines: str) -> None:
        """Print a finished section at once and save everything so far: an interrupted run keeps it."""
        report.extend(lines)
        print("\n".join(lines), flush=True)
        destination.write_text(json.dumps({"report": "\n".join(report), "summary": results, "runs": raw},
                                          indent=1, default=str))

    emit(*environment())
    if not args.skip_yamllint and (args.startup or not args.no_timing) and not ensure_tool("yamllint", log):
        args.skip_yamllint = True
        emit("yamllint is not installed and could not be: figure (e) skipped")
    if args.spy and not ensure_tool("py-spy", log):
        args.spy = False
        emit("py-spy is not installed and could not be: no 2-worker profile")
    if args.profile and not ensure_tool("pyinstrument", log):
        args.profile = False
        emit("pyinstrument is not installed and could not be: no profile")
    if args.startup:
        emit("", *startup(args.root, args.startup, args.skip_yamllint))
    for count in sizes:
        corpus, manifest = ensure_corpus(count, args.root, args.defect_rate, args.seed, log)
        if args.verify and count == min(sizes):
            emit("", f"injected defects found at N = {count:,} (diagnostic of the expected rule at the changed "
                 "line; fix = `fix --dry-run` changes the file)", *verify(corpus, manifest))
        if args.profile and count == min(sizes):
            emit("", *profile(corpus, args.root))
        if args.costs and count == min(sizes):
            emit("", *costs(corpus, args.costs))
        if args.spy and count == min(sizes):
            emit("", *spy_profile(corpus, args.root, 2))
        if args.no_timing:
            continue
        log(f"timing N = {count:,} ...")
        raw[count] = run_figures(corpus, args.repeat, args.skip_yamllint, args.yamllint_repeat, log, args.figures)
        results[count] = summarize(raw[count], count)
        emit("", render_size(count, corpus, manifest, results[count]))
    if results:
        emit("", "targets:", *targets(results))
        if len(results) > 1:
            emit("", *scaling(results))
    log(f"results written to {destination}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
