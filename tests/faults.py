"""Fault injection for the tests: writers killed at every step, full and read-only disks.

- :func:`run_until_done` runs a writer in a forked child with ``MICROCOMMERCE_FAULT``
  set to ``K:kind`` for K = 1, 2, … and calls ``check`` after each child, until a child
  runs to the end without meeting step K.
- :func:`small_disk` mounts a small tmpfs (root only; tests skip otherwise), which can be
  remounted read-only.
- :func:`another_writer` holds a result as another run writing it would.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from microcommerce.io import staged

#: The variable the writers read their fault from (``tests/io/test_staging.py`` checks it is
#: the one ``microcommerce.io`` reads).
FAULT_ENV = "MICROCOMMERCE_FAULT"
MAX_STEPS = 400  # a writer with more steps than this is a bug in the test


def run_child(run: Callable[[], object], fault: str | None = None) -> str:
    """Run ``run()`` in a forked child (``fault`` set in its environment).

    Returns ``"done"`` (it returned None or 0), ``"returned <value>"``, ``"killed"`` or
    ``"raised <error type>: <message>"``.
    """
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        os.close(read)
        code = 0
        try:
            if fault:
                os.environ[FAULT_ENV] = fault
            with (
                open(os.devnull, "w") as quiet,
                contextlib.redirect_stdout(quiet),
                contextlib.redirect_stderr(quiet),
            ):
                result = run()
            message = b"done" if result in (None, 0) else f"returned {result!r}".encode()
        except BaseException as exc:  # reported to the parent
            message = f"raised {type(exc).__name__}: {exc}".encode()
            code = 1
        os.write(write, message[:4000])
        os._exit(code)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        said = pipe.read().decode()
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        return "killed"
    return said


def run_until_done(
    run: Callable[[], object], check: Callable[[int, str], None], kind: str = "kill"
) -> int:
    """Fail ``run`` at step 1, 2, … (``kind``: kill, enospc, erofs, eacces); after each,
    ``check(step, outcome)``. Returns the number of steps of a complete run."""
    for step in range(1, MAX_STEPS):
        outcome = run_child(run, f"{step}:{kind}")
        check(step, outcome)
        if outcome == "done":
            return step - 1
    raise AssertionError(f"the writer was still running after {MAX_STEPS} steps")


@contextlib.contextmanager
def small_disk(size: str = "1m") -> Iterator[Path]:
    """A tmpfs of ``size`` (root only), unmounted afterwards."""
    if os.geteuid() != 0 or sys.platform != "linux":
        pytest.skip("mounting a small file system needs root on Linux")
    folder = Path(tempfile.mkdtemp(prefix="mc-disk-"))
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], capture_output=True
    )
    if mounted.returncode:
        folder.rmdir()
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)
        folder.rmdir()


def read_only(folder: Path) -> None:
    """Remount the tmpfs of :func:`small_disk` read-only."""
    subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)


@contextlib.contextmanager
def another_writer(out: Path, name: str, text: str) -> Iterator[threading.Event]:
    """Hold ``out`` with :func:`~microcommerce.io.staged` in a thread, as another run would.

    The run writes ``text`` to ``name`` and finishes when the event yielded is set, or when the
    block ends (which waits for it).
    """
    entered, release = threading.Event(), threading.Event()

    def hold() -> None:
        with staged(out) as stage:
            entered.set()
            release.wait(30)
            (stage / name).write_text(text)

    holder = threading.Thread(target=hold)
    holder.start()
    assert entered.wait(30)
    try:
        yield release
    finally:
        release.set()
        holder.join(30)
