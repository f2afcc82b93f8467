"""Running rules over files: collection, per-file checks, the result cache and worker processes."""

from __future__ import annotations

import fnmatch
import functools
import gc
import hashlib
import os
import re
import signal
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from curate import __version__
from curate.linter import knowledge, symbol_lookup
from curate.linter.cache import ResultCache, cache_key, decode, encode
from curate.linter.config import Config
from curate.linter.diagnostic import Diagnostic, Severity
from curate.linter.document import Document, InputProblem, Limits, read_record_bytes, sidecar_path_for
from curate.linter.rule import Context
from curate.linter.suppress import filter_suppressed

CHUNK_SIZE = 32
CACHE_BATCH = 256  # results written to the cache at once


@dataclass(frozen=True, slots=True)
class Target:
    """A file to lint, named as the user named it (or as found under a folder they named).

    Only the name is kept: a corpus of 50,000 targets is held for the whole run, and a ``Path``
    object per target would cost more memory than the run's diagnostics.
    """

    display: str

    @property
    def fs_path(self) -> Path:
        return Path(self.display)


@dataclass
class FileResult:
    path: str
    diagnostics: list[Diagnostic]
    cached: bool = False
    fixed: dict[str, int] = field(default_factory=dict)
    new_text: str | None = None
    diff: str | None = None
    error: str | None = None
    extra: dict = field(default_factory=dict)  # what a command's per-file step adds (e.g. report fields)
    cacheable: bool = True  # False when the verdict read a file the cache key does not cover
    source: str | None = None  # the text linted, when it is not the file at ``path`` (standard input)


# ------------------------------------------------------------------ collecting
def collect_targets(paths: Iterable[str], config: Config,
                    warn: Callable[[str], None] = knowledge.warn) -> list[Target]:
    """Files named directly, plus records found under folders by the include globs (see :func:`_walk`)."""
    found: dict[str, Target] = {}
    for given in paths:
        if os.path.isdir(given):  # a link named on the command line is the user's choice: followed
            for target in _walk(given, config, warn):
                found.setdefault(target.display, target)
        elif not _excluded(given, config):
            path = str(Path(given))
            found.setdefault(path, Target(path))
    return sorted(found.values(), key=lambda t: t.display)


def _walk(folder: str, config: Config, warn: Callable[[str], None]) -> Iterator[Target]:
    """Records under a folder. Plain strings, not ``Path`` objects: a corpus has tens of thousands.

    Symbolic links: one that points inside ``folder`` is followed (a symlinked ``_figures`` is
    walked like a real one); one that points outside it is not, and ``warn`` names it, so the walk
    never leads a run to read outside the folder it was given. Each real folder is walked once:
    a loop, or a second name for a folder already walked, adds nothing.
    """
    folder = str(Path(folder))
    if not frozenset(config.exclude).isdisjoint(_posix(folder).split("/")):
        return  # an excluded folder named on the command line (deeper ones are pruned below)
    boundary = os.path.realpath(folder)
    walked = {boundary}
    prefix = len(folder) + 1
    included = _any_glob(_include_forms(config.include)).match
    pending = [folder]
    while pending:
        directory = pending.pop()
        try:
            with os.scandir(directory) as listing:
                entries = list(listing)  # in the file system's order: collect_targets sorts what is found
        except OSError as error:
            warn(f"cannot read folder {directory} ({error.strerror or error})")
            continue
        # what every file name is joined to, worked out once per folder
        relative_folder = _posix(os.path.join(directory, "")[prefix:])
        absolute_folder = _posix(os.path.join(os.path.abspath(directory), ""))
        shown_folder = os.path.join(os.path.normpath(directory), "").removeprefix("." + os.sep)
        subfolders = []
        for entry in entries:
            name = entry.name
            if not entry.is_file(follow_symlinks=False):  # most entries are: one call for them
                if entry.is_symlink():
                    real = os.path.realpath(entry.path)
                    is_folder = os.path.isdir(real)
                    if os.path.commonpath((boundary, real)) != boundary:
                        warn(f"{shown_folder + name} is a symbolic link to a {'folder' if is_folder else 'file'} "
                             f"outside {folder}, not followed")
                        continue
                else:
                    real = None
                    is_folder = entry.is_dir(follow_symlinks=False)
                if is_folder:
                    if not _excluded(entry.path, config):
                        subfolders.append((entry.path, real or os.path.realpath(entry.path)))
                    continue
            # the folder itself may be `_figures`, so the absolute path is matched too
            if (included(relative_folder + name) or included(absolute_folder + name)) \
                    and not _excluded_name(shown_folder + name, name, config):
                yield Target(shown_folder + name)
        fresh = []
        for path, real in sorted(subfolders):  # in name order, so the same name wins on every file system
            if real not in walked:
                walked.add(real)
                fresh.append(path)
        pending.extend(reversed(fresh))  # depth first, in name order


def _posix(path: str) -> str:
    return path if os.sep == "/" else path.replace(os.sep, "/")


def _excluded(path: str, config: Config) -> bool:
    """Whether an exclude entry names one of the path's parts, or a glob matches it or its name."""
    posix = _posix(path)
    parts = posix.split("/")
    matcher = _any_glob(config.exclude)
    return (not frozenset(config.exclude).isdisjoint(parts) or matcher.match(posix) is not None
            or matcher.match(parts[-1]) is not None)


def _excluded_name(path: str, name: str, config: Config) -> bool:
    """:func:`_excluded` for a file in a folder already found not excluded."""
    matcher = _any_glob(config.exclude)
    return name in config.exclude or matcher.match(_posix(path)) is not None or matcher.match(name) is not None


@functools.cache
def _include_forms(patterns: tuple[str, ...]) -> tuple[str, ...]:
    """Each include glob, and the same without a leading ``**/`` (so it also matches at the top)."""
    return tuple(dict.fromkeys(form for pattern in patterns for form in (pattern, pattern.removeprefix("**/"))))


@functools.cache
def _any_glob(patterns: tuple[str, ...]) -> re.Pattern:
    """One regular expression matching what any of the globs matches (``fnmatchcase`` semantics):
    a corpus walk tests every file name against every glob."""
    return re.compile("|".join(f"(?:{fnmatch.translate(pattern)})" for pattern in patterns) or "(?!)")


# ------------------------------------------------------------------ checking
def check_document(doc: Document, config: Config, context: Context) -> list[Diagnostic]:
    """Every enabled rule's diagnostics for one document, suppressions applied, sorted."""
    found: list[Diagnostic] = []
    loaded = doc.loaded
    for rule, options, configured in config.checks_for(doc.path):
        if not loaded and not rule.on_unreadable:
            continue
        try:
            for diagnostic in rule.check(doc, options, context):
                severity = configured if configured is not None else diagnostic.severity
                found.append(diagnostic.stamped(rule.code, rule.name, rule.severity if severity is None else severity))
        except Exception as error:  # a broken rule must not hide the other rules' findings
            found.append(
                Diagnostic(doc.path, doc.fm_line, 1, doc.fm_line, 1, f"internal error in rule {rule.code} ({rule.name}): "
                           f"{type(error).__name__}: {error}", code=rule.code, name=rule.name,
                           severity=Severity.ERROR)
            )
    found = filter_suppressed(doc, found)
    found.sort(key=Diagnostic.sort_key)
    return found


def run_token(config: Config, context: Context) -> str:
    """What every cache key of this run shares: code, configuration, rule versions and their data."""
    parts = [__version__, code_digest(tuple(rule.check.__module__ for rule in config.rules)), config.fingerprint,
             repr(context.online), context.hgnc_url or "", repr(context.min_confidence)]
    parts += [rule.data_version() for rule in config.rules if rule.data_version is not None]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


@functools.cache
def code_digest(rule_modules: tuple[str, ...]) -> str:
    """A digest of the engine's and the rules' source and of the small data files they read (the
    record schema, the species table, the gene weights), so a changed rule never serves stale verdicts.
    The knowledge snapshot is covered by the gene rules' data version instead."""
    import curate.linter
    import curate.rules
    import curate.schemas

    files: set[Path] = set()
    for package in (curate.linter, curate.rules, curate.schemas):
        for pattern in ("*.py", "*.json", "*.tsv"):
            files.update(Path(package.__file__).parent.rglob(pattern))
    for name in rule_modules:
        module_file = getattr(sys.modules.get(name), "__file__", None)
        if module_file:
            files.add(Path(module_file))
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(str(path.name).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


# ------------------------------------------------------------------ workers
PerFile = Callable[[Target, "Job", "bytes | InputProblem", "list[Diagnostic] | None"], FileResult]
"""A per-file step: the target, the run's job, its bytes (or read problem) and the cache's answer or None."""


@dataclass
class Job:
    config: Config
    context: Context
    token: bytes  # the cache's keyed run token (see ResultCache.token); empty without a cache
    cache: ResultCache | None
    per_file: PerFile
    keyed_in_worker: bool = False  # the cache was empty: workers hash the bytes they read anyway


_job: Job | None = None
_in_worker = False


def _init_worker(job: Job) -> None:
    global _job, _in_worker
    _job, _in_worker = job, True
    # Ctrl-C reaches the whole process group: the main process alone answers it (and ends the pool),
    # so no worker prints a KeyboardInterrupt traceback. SIGTERM, which the pool ends workers with,
    # kills at once whatever handler the main process had installed: a worker blocked where Python
    # cannot run a handler still ends.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    gc.freeze()  # what the worker inherited (modules, config) is never garbage: do not re-scan it


def document_for(target: Target, job: Job, raw: bytes | InputProblem) -> Document:
    """The document of a target whose bytes (or read problem) are already at hand."""
    if isinstance(raw, InputProblem):
        doc = Document(target.display, target.fs_path)
        doc.problems.append(raw)
        return doc
    return Document.from_bytes(target.display, raw, job.config.limits, target.fs_path)


def lint_target(target: Target, job: Job, raw: bytes | InputProblem, cached: list[Diagnostic] | None) -> FileResult:
    """The default per-file step: the cache's answer, or every enabled rule's diagnostics."""
    if cached is not None:
        return FileResult(target.display, cached, cached=True)
    doc = document_for(target, job, raw)
    return FileResult(target.display, check_document(doc, job.config, job.context), cacheable=keyed_sidecar(doc))


def keyed_sidecar(doc: Document) -> bool:
    """True when the sidecar the document reads is the one its cache key covers (figid = file name)."""
    return doc.sidecar_path == sidecar_path_for(doc.fs_path)


def _process(item: tuple[Target, str | None, bool]) -> tuple[FileResult, str | None, str | None]:
    """One target: its result, the cache key to store it under (None: do not store), and, in a
    worker, the diagnostics already encoded for the cache.

    A worker sends the encoded diagnostics in place of the diagnostics themselves: the main process
    decodes them once instead of unpickling them and encoding them again, which keeps its one
    core (and the GIL its result thread needs) freer."""
    target, key, hit = item
    job = _job
    assert job is not None
    raw = read_record_bytes(target.display, job.config.limits)
    if (key is not None or job.keyed_in_worker) and not isinstance(raw, InputProblem):
        # the key of the bytes linted here: the file may have changed since the main process keyed it
        fresh = cache_key(job.token, target.display, raw, sidecar_path_for(target.display))
        hit, key = hit and fresh == key, fresh
    elif isinstance(raw, InputProblem):
        key = None
    cached = job.cache.get(key) if hit and job.cache is not None and key is not None else None
    unanswered = symbol_lookup.unanswered
    result = job.per_file(target, job, raw, cached)
    # not cached: a verdict that needed HGNC's service while it failed (made on the snapshot instead)
    store = key if cached is None and result.cacheable and symbol_lookup.unanswered == unanswered else None
    if store is None or not _in_worker:
        return result, store, None
    payload = encode(result.diagnostics)
    result.diagnostics = []
    return result, store, payload


def _keys(targets: list[Target], token: bytes, limits: Limits) -> list[str | None]:
    """Each target's cache key (None for a file that cannot be read: nothing to cache)."""
    keys: list[str | None] = []
    for target in targets:
        raw = read_record_bytes(target.display, limits)
        keys.append(None if isinstance(raw, InputProblem) else
                    cache_key(token, target.display, raw, sidecar_path_for(target.display)))
    return keys


def run(
    targets: list[Target],
    config: Config,
    context: Context,
    *,
    jobs: int = 0,
    cache_dir: Path | None = None,
    per_file: PerFile = lint_target,
    progress: Callable[[int, int], None] | None = None,
) -> Iterator[FileResult]:
    """Results in target order. Only the main process writes to the cache, in batches.

    With a cache, the main process first reads and hashes every file to find its key. For the
    default lint step the cache's answers are then taken right here and only the misses go to the
    workers, so a warm run costs one read and one hash per file, and one query per few hundred
    files. Other per-file steps
    (the report's) still see every file; their workers fetch the cached diagnostics themselves.
    """
    global _job
    cache = ResultCache(cache_dir) if cache_dir is not None else None
    if cache is not None and not cache.usable():  # it has said why, once
        cache = None
    token = b""
    if cache is not None:
        try:
            token = cache.token(run_token(config, context))
        except Exception as error:  # a rule's data that cannot be read: its findings say so, uncached
            knowledge.warn(f"result cache not used: {error}")
            cache = None
    keys: list[str | None] = [None] * len(targets)
    known: set[str] = set()
    # An empty cache can answer nothing: skip the pre-pass, which would read every file twice.
    keyed_in_worker = cache is not None and cache.is_empty()
    if cache is not None and not keyed_in_worker:
        keys = _keys(targets, token, config.limits)
        known = cache.existing([key for key in keys if key is not None])
    answered_here = per_file is lint_target
    work = [(target, key, key in known) for target, key in zip(targets, keys, strict=True)
            if not (answered_here and key in known)]
    # the workers' own read-only view; silent, since the main process has already warned of any trouble
    reader = ResultCache(cache.directory, readonly=True, warn=None) if cache is not None and not answered_here else None
    job = Job(config, context, token, reader, per_file, keyed_in_worker)
    jobs = jobs or os.cpu_count() or 1
    pending: list[tuple[str, str]] = []
    answers: dict[str, str] = {}
    if jobs == 1 or len(work) < 4 * CHUNK_SIZE:
        _job = job
        computed: Iterator[tuple[FileResult, str | None, str | None]] = map(_process, work)
        pool = None
    else:
        import multiprocessing  # here: a handful of records (pre-commit, an editor) never start workers

        pool = multiprocessing.get_context("fork").Pool(jobs, initializer=_init_worker, initargs=(job,))
        computed = pool.imap(_process, work, chunksize=CHUNK_SIZE)
    try:
        for done, (target, key) in enumerate(zip(targets, keys, strict=True), start=1):
            hit = None
            if answered_here and key in known and cache is not None:
                if key not in answers:  # the next few hundred answers, in one query
                    answers = cache.payloads([k for k in keys[done - 1 : done - 1 + 500] if k in known])
                stored = answers.get(key)
                hit = decode(stored) if stored is not None else None
            payload = None
            if hit is not None:
                result, store = FileResult(target.display, hit, cached=True), None
            elif answered_here and key in known:  # the entry vanished since the look-up: lint it here
                _job = job
                result, store, payload = _process((target, key, False))
            else:
                result, store, payload = next(computed)
            if payload is not None:
                diagnostics = decode(payload)
                if diagnostics is None:  # what encode writes always reads back: never drop findings quietly
                    result.error = "internal error: the worker's diagnostics could not be read back"
                result.diagnostics = diagnostics or []
            if store is not None and cache is not None and result.error is None:
                pending.append((store, payload if payload is not None else encode(result.diagnostics)))
                # Small batches: writing one holds the GIL, and meanwhile the thread that takes
                # the workers' results cannot run, so their pipes fill and they wait. With 2,000
                # entries a batch (then encoded here), a cold 50,000-record run took a fifth longer.
                if len(pending) >= CACHE_BATCH:
                    cache.put_many(pending)
                    pending.clear()
            if progress is not None:
                progress(done, len(targets))
            yield result
    finally:
        if pool is not None:
            pool.terminate()
            pool.join()
        if cache is not None:
            cache.put_many(pending)
            cache.close()
        if reader is not None:
            reader.close()
        _job = None
