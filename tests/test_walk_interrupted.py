"""A run over many records stopped by Ctrl-C or SIGTERM ends quietly, workers included (issue 13).

Ctrl-C at a terminal sends SIGINT to the whole foreground process group, workers too; a service
manager sends SIGTERM to the main process. Either way: one line on stderr, the conventional exit
code, no traceback from any process, and no worker left behind.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

BASE = (Path(__file__).parent / "rules" / "base.md").read_text(encoding="utf-8")
FIGID = "PMC10003241__ijms-24-04893-g003"


def workers_of(pid: int) -> list[int]:
    children = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in children.read_text().split()] if children.exists() else []


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs /proc to find the workers")
@pytest.mark.parametrize(("how", "code", "said"), [
    ("Ctrl-C (SIGINT to the process group)", 130, "curate: interrupted\n"),
    ("SIGTERM to the main process", 143, "curate: terminated\n"),
])
def test_a_stopped_run_ends_quietly_with_its_workers(tmp_path, how, code, said):
    folder = tmp_path / "_figures"
    folder.mkdir()
    for index in range(3000):
        (folder / f"PMC{index}__f1.md").write_text(BASE.replace(FIGID, f"PMC{index}__f1"))
    process = subprocess.Popen([sys.executable, "-m", "curate", "lint", "--no-cache", "--jobs", "2",
                                "--format", "concise", "_figures"], cwd=tmp_path, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, start_new_session=True)
    try:
        assert process.stdout.readline()  # the workers are busy: results are coming
        workers = workers_of(process.pid)
        assert len(workers) == 2
        if how.startswith("Ctrl-C"):
            os.killpg(process.pid, signal.SIGINT)
        else:
            process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    assert (process.returncode, err.decode()) == (code, said)
    deadline = time.monotonic() + 5
    while any(Path(f"/proc/{worker}").exists() for worker in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [worker for worker in workers if Path(f"/proc/{worker}").exists()]
