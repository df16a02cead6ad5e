"""Consistent reads: a reader sees one result from start to end, or an error.

A writer swaps a new result in for the old one in one step
(``io._staging``), but a reader opens its files one after another: a
swap landing in between would give it parts of both. :func:`read_pinned` runs a
read through a directory file descriptor of the result (on Linux the path
``/proc/self/fd/N``), so every file it opens comes from the folder it started with,
whatever is renamed meanwhile; when the folder is deleted under it (the writer
removes the result it replaced) the read starts again on the new result, a bounded
number of times. Where descriptors cannot be named (no ``/proc``), or for a lazy Dask
read whose files are opened later in other processes, the result's identity (the
folder's and its manifest's inode and modification time) is compared before and
after instead (:func:`identity`, :func:`check_identity`).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from microcommerce.errors import MicrocommerceError, ResultError

T = TypeVar("T")

#: How many times a read starts again when the result is replaced under it.
ATTEMPTS = 8
_MANIFEST = "_manifest.json"


def result_root(folder: Path) -> Path:
    """Give the folder holding the result's manifest: ``folder``, or its parent (``OUT/clean``)."""
    return (
        folder
        if (folder / _MANIFEST).is_file() or not folder.parent.joinpath(_MANIFEST).is_file()
        else folder.parent
    )


def identity(root: Path | int) -> tuple[int, ...] | None:
    """Give what changes when ``root`` is replaced: its inode, its manifest's inode and time.

    ``root`` is a path, or a descriptor of the folder (what is held, wherever it is now).
    """
    try:
        if isinstance(root, int):
            folder = os.fstat(root)
            manifest = os.stat(_MANIFEST, dir_fd=root)
        else:
            folder = os.stat(root)
            manifest = os.stat(root / _MANIFEST)
    except (OSError, NotImplementedError):
        return None
    return (folder.st_dev, folder.st_ino, manifest.st_ino, manifest.st_mtime_ns, manifest.st_size)


def check_identity(root: Path, expected: tuple[int, ...] | None, shown: Path) -> None:
    """Raise ResultError if ``root`` is no longer the result that had ``expected`` identity."""
    if identity(root) != expected:
        raise ResultError(
            "the result was replaced by another run while it was being read; read it again",
            path=shown,
        )


def read_pinned(
    folder: str | os.PathLike[str],
    read: Callable[[Path], T],
    *,
    pin: bool = True,
    attempts: int = ATTEMPTS,
) -> T:
    """Run ``read(view)``, where ``view`` names ``folder`` as it was when the read began.

    Parameters
    ----------
    folder
        A result written by :func:`~microcommerce.io.staged` (or a folder in one).
    read
        Reads everything it needs below ``view`` (a path to use in place of ``folder``).
    pin
        Read through a directory descriptor (``/proc/self/fd/N``) where there is one;
        False (the files are opened in other processes) reads ``folder`` itself and
        compares the result's identity before and after.
    attempts
        How many times to start again when the result is replaced during the read.

    Returns
    -------
    object
        What ``read`` returns; errors name ``folder``, not the descriptor's path.

    Raises
    ------
    ResultError
        When the result was replaced ``attempts`` times in a row during the read.

    Examples
    --------
    >>> import tempfile
    >>> from microcommerce.io import staged
    >>> out = Path(tempfile.mkdtemp()) / "r"
    >>> with staged(out) as stage:
    ...     _ = (stage / "a.txt").write_text("one")
    >>> read_pinned(out, lambda view: (view / "a.txt").read_text())
    'one'
    """
    given = Path(folder)
    root = result_root(given)
    rel = given.relative_to(root)
    for _ in range(attempts):
        try:
            fd = os.open(root, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        except OSError:
            return read(given)  # nothing to pin: the read says what is missing
        try:
            base = Path(f"/proc/self/fd/{fd}")
            pinned = pin and base.is_dir()
            view = (base if pinned else root) / rel
            before = identity(fd)  # the folder held, even if swapped out since it was opened
            try:
                value = read(view)
            except (MicrocommerceError, OSError) as exc:
                if identity(root) == before:  # a real problem, not a swap
                    raise _named(exc, base, root) if pinned else exc from None
                continue
            if pinned or identity(root) == before:
                return value
        finally:
            os.close(fd)
    raise ResultError(
        f"the result was replaced {attempts} times while it was being read; read it "
        "again once its writer is done",
        path=given,
    )


def _named(exc: BaseException, base: Path, root: Path) -> BaseException:
    """Make ``exc`` name ``root`` where it names the descriptor's path ``base``."""
    old, new = os.fspath(base), os.fspath(root)
    exc.args = tuple(a.replace(old, new) if isinstance(a, str) else a for a in exc.args)
    for name in ("path", "filename"):
        value = getattr(exc, name, None)
        if isinstance(value, str):
            setattr(exc, name, value.replace(old, new))
    return exc
