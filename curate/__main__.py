"""``python -m curate``: the command line."""

import os
import sys

# `python -m` puts the working directory first on sys.path, so a linted repository holding a
# `yaml.py` or `requests.py` would be imported in place of the real package. Drop that entry
# before anything else is imported (Python 3.11's -P does the same).
if not sys.flags.safe_path and sys.path and os.path.abspath(sys.path[0] or os.curdir) == os.getcwd():
    del sys.path[0]

from curate.linter.cli import main  # noqa: E402

sys.exit(main())
