import os
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SAMPLE = SHARED / "corpus" / "pfocr-sample"
ARTIFACTS = ROOT / "test-artifacts"

sys.path.insert(0, str(ROOT / "tests"))
# linter/, rules/ and schemas/ install as curate.linter, curate.rules and curate.schemas. `python -m
# pytest` puts the working directory (this root) on sys.path, where they would also import under
# their bare names and hide a reference the one-package install cannot resolve.
sys.path[:] = [entry for entry in sys.path if Path(entry or os.curdir).resolve() != ROOT]


@pytest.fixture(autouse=True, scope="session")
def isolated_caches(tmp_path_factory):
    """A developer's updated HGNC snapshot or cached HGNC answers must not change test results."""
    folder = tmp_path_factory.mktemp("curate-cache")
    previous = os.environ.get("CURATE_CACHE_DIR")
    os.environ["CURATE_CACHE_DIR"] = str(folder)
    yield folder
    if previous is None:
        os.environ.pop("CURATE_CACHE_DIR", None)
    else:
        os.environ["CURATE_CACHE_DIR"] = previous


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", help="rewrite golden expectations from current output")


@pytest.fixture
def update_golden(request):
    return request.config.getoption("--update-golden")


@pytest.fixture
def sample_dir():
    if not SAMPLE.is_dir():
        pytest.skip(f"sample corpus not found at {SAMPLE}")
    return SAMPLE


@pytest.fixture
def sample_copy(tmp_path, sample_dir):
    """A writable copy of the sample corpus (the original is read-only by contract)."""
    target = tmp_path / "pfocr-sample"
    shutil.copytree(sample_dir, target)
    return target


@pytest.fixture
def cache_env(tmp_path, monkeypatch):
    """An empty user cache for the test (no updated snapshot, no cached HGNC answers)."""
    from curate.linter import knowledge, symbol_lookup

    monkeypatch.setenv("CURATE_CACHE_DIR", str(tmp_path / "cache"))
    knowledge.load.cache_clear()
    symbol_lookup._online.cache_clear()
    yield tmp_path / "cache"
    knowledge.load.cache_clear()
    symbol_lookup._online.cache_clear()


@pytest.fixture
def server():
    """An HGNC-shaped REST service on 127.0.0.1 (tests/hgnc_server.py)."""
    from hgnc_server import HGNCServer

    with HGNCServer() as running:
        yield running

