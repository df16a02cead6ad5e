"""Durable writes: flushing renames to disk, one-line errors, and the fault-injection hook.

Every step of a write (a temporary file written, a rename, a manifest) calls
:func:`fault_point`. When the environment variable :data:`FAULT_ENV`
(``MICROCOMMERCE_FAULT``) is ``"K"`` or ``"K:kill"``, the process kills itself with
``SIGKILL`` — no clean-up runs, as after a power cut — at the K-th step it reaches;
``"K:enospc"``, ``"K:erofs"`` or ``"K:eacces"`` raise that :class:`OSError` there
instead. The test suite stops writers this way at every step in turn.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import signal
from collections.abc import Iterator
from pathlib import Path

from microcommerce.errors import OutputError

try:  # POSIX; elsewhere a temporary file is never taken for a dead run's
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None

#: The environment variable of the fault-injection hook.
FAULT_ENV = "MICROCOMMERCE_FAULT"
_FAULTS = {"enospc": errno.ENOSPC, "erofs": errno.EROFS, "eacces": errno.EACCES}
_CAUSES = {
    errno.ENOSPC: "no space left on the device",
    errno.EDQUOT: "disk quota exceeded",
    errno.EFBIG: "file too large for the file system",
    errno.EROFS: "the file system is read-only",
    errno.EACCES: "permission denied (a read-only folder?)",
    errno.EPERM: "operation not permitted",
    errno.ENOTDIR: "a part of the path is a file, not a folder",
}
_steps: list = [0, None, 0]  # [process, setting, steps met]


def fault_point(label: str, *, committed: bool = False) -> None:
    """Mark one step of a write, where the fault-injection hook may strike.

    Parameters
    ----------
    label
        What the step just did (for readers of the code: the hook counts steps).
    committed
        Whether the new result is already in place: an injected kill still strikes
        there; injected errors do not count such steps (no real error could undo
        the commit).

    Raises
    ------
    OSError
        At the step named by :data:`FAULT_ENV`, when it asks for an error.

    Examples
    --------
    >>> fault_point("nothing is set: a no-op")
    """
    spec = os.environ.get(FAULT_ENV)
    if not spec:
        return
    at, _, kind = spec.partition(":")
    killing = kind in ("", "kill")
    if committed and not killing:  # no real error could undo what is in place
        return
    if _steps[:2] != [os.getpid(), spec]:  # a new process, or a new setting: count afresh
        _steps[:] = [os.getpid(), spec, 0]
    _steps[2] += 1
    if _steps[2] != int(at):
        return
    _steps[2] = 0  # the next write (a later test in this process) counts afresh
    if killing:
        os.kill(os.getpid(), signal.SIGKILL)
    code = _FAULTS[kind]
    raise OSError(code, f"{os.strerror(code)} (injected at step {at}: {label})")


def output_error(exc: OSError, path: str | os.PathLike[str]) -> OutputError:
    """Make the one-line :class:`~microcommerce.errors.OutputError` for ``exc``.

    Parameters
    ----------
    exc
        The operating system's error, met while writing ``path``.
    path
        The result being written (not the temporary file that failed).

    Returns
    -------
    OutputError
        Naming ``path`` and the cause, with ``exc``'s ``errno``.

    Examples
    --------
    >>> str(output_error(OSError(errno.ENOSPC, "No space left on device"), "out/o.parquet"))
    'out/o.parquet: no space left on the device; nothing was replaced'
    """
    cause = _CAUSES.get(exc.errno or 0) or exc.strerror or str(exc) or type(exc).__name__
    return OutputError(f"{cause}; nothing was replaced", path=path, errno=exc.errno)


@contextlib.contextmanager
def as_output_error(target: Path, *others: Path) -> Iterator[None]:
    """Turn an OSError of writing ``target`` (or ``others``) into an OutputError.

    An error about another file — an input that cannot be read — passes unchanged.

    Parameters
    ----------
    target
        The result written in the block (named in the error).
    *others
        More files written in the block.

    Yields
    ------
    None
        Nothing: the block runs inside.

    Examples
    --------
    >>> with as_output_error(Path("out.csv")):
    ...     raise OSError(errno.EROFS, "Read-only file system", "out.csv")
    Traceback (most recent call last):
    ...
    microcommerce.errors.OutputError: out.csv: the file system is read-only; nothing was replaced
    """
    targets = (target, *others)
    try:
        yield
    except OutputError as exc:  # a file written inside the result: name the result
        if exc.path is not None and exc.path != os.fspath(target) and _inside(exc.path, targets):
            raise OutputError(exc.message, path=target, errno=exc.errno) from exc
        raise
    except OSError as exc:
        if _about(exc, targets):
            raise output_error(exc, target) from exc
        raise


def _about(exc: OSError, targets: tuple[Path, ...]) -> bool:
    """Tell whether ``exc`` is about writing one of ``targets`` or the files beside them."""
    if exc.errno not in _CAUSES:  # pyarrow gives no errno, only the text
        return exc.errno is None and "no space left" in str(exc).lower()
    return exc.filename is None or _inside(os.fsdecode(exc.filename), targets)


def _inside(name: str, targets: tuple[Path, ...]) -> bool:
    """Tell whether path ``name`` is one of ``targets``, in one, or hidden beside one."""
    name = os.path.abspath(name)
    for t in (Path(os.path.abspath(t)) for t in targets):
        hidden = os.path.join(t.parent, f".{t.name}.")
        if name in (os.fspath(t), os.fspath(t.parent)) or name.startswith(
            (hidden, os.fspath(t) + os.sep)
        ):
            return True
    return False


def fsync_folder(folder: Path) -> None:
    """Make the renames in ``folder`` durable (POSIX); a no-op where folders cannot be opened.

    Parameters
    ----------
    folder
        The folder whose entries changed.

    Examples
    --------
    >>> fsync_folder(Path("."))
    """
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def pending_write(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` belongs to a group of files whose writing is not finished.

    Parameters
    ----------
    path
        A file written by :func:`staged_files`.

    Returns
    -------
    bool
        True while (or if a kill left) the group's files being renamed into place.

    Examples
    --------
    >>> pending_write("no/such/file.csv")
    False
    """
    p = Path(path)
    return p.with_name(f".{p.name}.pending").exists()


#: The temporary file of one write of a target: ``.NAME.<8 hex>.tmp``.
TEMP_NAME = re.compile(r"[0-9a-f]{8}\.tmp")


def hold_temp(fd: int) -> None:
    """Mark the temporary file open on ``fd`` as in use (a shared lock, held until closed).

    :func:`sweep_temps` removes only temporary files no live process holds this way.
    """
    if fcntl is not None:
        fcntl.flock(fd, fcntl.LOCK_SH)


def dead_temp(path: Path) -> bool:
    """Remove ``path``, a temporary file of a write, if no live process holds it; tell if so.

    Parameters
    ----------
    path
        A ``.NAME.<8 hex>.tmp`` file.

    Returns
    -------
    bool
        True when it was removed (the run that made it is gone).
    """
    if fcntl is None:  # pragma: no cover - Windows: no way to tell a live run
        return False
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        same = os.fstat(fd).st_ino == os.stat(path, follow_symlinks=False).st_ino
        if same:
            path.unlink()
        return same
    except OSError:  # held by a live writer, or already gone
        return False
    finally:
        os.close(fd)


def sweep_temps(target: str | os.PathLike[str]) -> list[Path]:
    """Remove the temporary files dead writes of ``target`` left beside it.

    Only ``.NAME.<8 hex>.tmp`` of this very ``target`` (not of ``NAME.csv`` or
    ``NAME.old-1`` beside it), and only those no live process holds.

    Parameters
    ----------
    target
        A file written atomically.

    Returns
    -------
    list of pathlib.Path
        The files removed.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> for name in (".e.xlsx.0a1b2c3d.tmp", ".e.xlsx.csv.0a1b2c3d.tmp", ".e.xlsx.lock"):
    ...     _ = (folder / name).write_bytes(b"")
    >>> [p.name for p in sweep_temps(folder / "e.xlsx")]
    ['.e.xlsx.0a1b2c3d.tmp']
    """
    target = Path(target)
    prefix = f".{target.name}."
    try:
        names = [e.name for e in os.scandir(target.parent) if e.name.startswith(prefix)]
    except OSError:
        return []
    found = [target.with_name(n) for n in sorted(names) if TEMP_NAME.fullmatch(n[len(prefix) :])]
    return [p for p in found if dead_temp(p)]
