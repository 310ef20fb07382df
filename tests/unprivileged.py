"""Run a function as the unprivileged user `nobody`, for real permission errors under root.

root reads any file whatever its mode, so a test that needs a genuine EACCES forks a
child, drops to `nobody` there and runs the function; the JSON-able result comes back
through a pipe. Where the switch is impossible (no such user, no privilege) the test is
skipped with the reason.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from typing import Any

import pytest

NOBODY = 65534


def as_nobody(fn: Callable[[], Any]) -> Any:
    """`fn()` in a forked child running as `nobody`; its result must be JSON-serialisable."""
    rfd, wfd = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child
        try:
            os.close(rfd)
            try:
                os.setgroups([])
                os.setresgid(NOBODY, NOBODY, NOBODY)
                os.setresuid(NOBODY, NOBODY, NOBODY)
            except OSError as e:
                answer = {"skip": str(e)}
            else:
                answer = {"result": fn()}
            os.write(wfd, json.dumps(answer).encode())
        finally:
            os._exit(0)
    os.close(wfd)
    with os.fdopen(rfd, "rb") as pipe:
        answer = json.loads(pipe.read().decode() or '{"skip": "the child died"}')
    os.waitpid(pid, 0)
    if "skip" in answer:
        pytest.skip(f"cannot switch to an unprivileged user here: {answer['skip']}")
    return answer["result"]
