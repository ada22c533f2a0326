"""Settings are read once, when a process starts: tests of what the environment changes run a
fresh interpreter in the project folder, with only the variables the case sets."""

import os
import subprocess
import sys
from collections.abc import Collection

from django.conf import settings


def run_python(
    *args: str,
    variables: dict[str, str],
    leave_out: Collection[str] = (),
    leave_out_prefixes: tuple[str, ...] = (),
    timeout: int = 120,
) -> subprocess.CompletedProcess:
    """Run `python *args` on the project's settings with the test run's environment, less the
    variables named in `leave_out` or starting with `leave_out_prefixes` (they would change the
    outcome), plus `variables`. Output is captured as text."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in leave_out and not key.startswith(leave_out_prefixes)
    }
    env.update(variables, DJANGO_SETTINGS_MODULE="community.settings")
    return subprocess.run(
        [sys.executable, *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
