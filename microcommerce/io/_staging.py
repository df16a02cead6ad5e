"""All-or-nothing results: built beside the target, made visible in one step.

Every result of more than one file — a cleaned dataset with its rejected rows and
report, a simulation, a report of notebooks — is written through this module, so that
readers see the previous result or the new one, whole, and nothing else:

- :func:`staged` builds a **folder** result in a hidden staging folder beside the target
  (``.NAME.staging-…``); when the build completes, a manifest (:data:`MANIFEST`, listing
  every file with its size and SHA-256) is written last, then the staging folder
  takes the target's place in one rename (on Linux an atomic exchange of the two
  folders; elsewhere two renames, the old folder put back if the second fails).
- :func:`staged_files` builds a **group of files** side by side in one folder
  (``X.parquet`` and ``X.rejected.csv``): the files are staged, a journal written last
  is the commit point, then each file is renamed onto its target. A ``.NAME.pending``
  marker beside each target, present while the renames run, makes
  :func:`~microcommerce.io.read_table` refuse a file whose partner may not be there yet;
  a committed journal left by a killed run is rolled forward by the next writer.
- :func:`check_result` is what readers call: a folder whose manifest is missing or
  does not match its files is refused with what is wrong and what to do.

Both take an advisory lock (:func:`fcntl.flock`) on ``.NAME.lock`` beside the target:
a second writer of the same target refuses at once with :class:`OutputBusyError`, or
waits with ``wait=True`` (the command line's ``--wait``). Holding the lock, a writer
first sweeps what dead runs on the same target left: staging folders, folders set
aside in a swap, temporary files. A failure (a full disk, a read-only folder) leaves
the previous result as it was and raises :class:`~microcommerce.errors.OutputError`,
one line naming the path and the cause.

**Fault injection.** Each step of a write calls :func:`fault_point`. When the
environment variable :data:`FAULT_ENV` (``MICROCOMMERCE_FAULT``) is ``"K"`` or
``"K:kill"``, the process kills itself (``SIGKILL``: no clean-up runs) at the K-th
step; ``"K:enospc"``, ``"K:erofs"`` and ``"K:eacces"`` raise the matching
:class:`OSError` there instead. The test suite stops writers this way at every step.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import hashlib
import json
import os
import re
import secrets
import shutil
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from microcommerce._quote import excerpt
from microcommerce.errors import OutputBusyError, OutputError, ParameterError, ResultError
from microcommerce.io._durable import (
    FAULT_ENV,
    as_output_error,
    fault_point,
    fsync_folder,
    output_error,
    pending_write,
    sweep_temps,
)
from microcommerce.io._pinned import read_pinned
from microcommerce.io._write import write_text

try:  # POSIX; elsewhere writers are not locked against each other
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None

__all__ = [
    "FAULT_ENV",
    "MANIFEST",
    "check_result",
    "extend_manifest",
    "fault_point",
    "finish_staged",
    "output_error",
    "pending_write",
    "read_pinned",
    "staged",
    "staged_files",
    "sweep_temps",
    "write_manifest",
]

#: The manifest written last into every folder result.
MANIFEST = "_manifest.json"
_JOURNAL = "_commit.json"


@contextlib.contextmanager
def _locked(target: Path, wait: bool) -> Iterator[None]:
    """Hold the advisory lock ``.NAME.lock`` beside ``target``; remove it when done.

    The lock file is removed on release, so no file is left behind. A writer that
    locked a file another one has just removed finds that the path no longer names
    its file, and starts again.
    """
    lock = target.with_name(f".{target.name}.lock")
    target.parent.mkdir(parents=True, exist_ok=True)
    while True:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o666)
        try:
            _flock(fd, target, wait)
            mine = os.fstat(fd)
            try:
                now = os.stat(lock)
            except FileNotFoundError:
                now = None
        except BaseException:
            os.close(fd)
            raise
        if now is not None and (now.st_dev, now.st_ino) == (mine.st_dev, mine.st_ino):
            break
        os.close(fd)  # removed by the writer before us: lock the new file
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()} {time.strftime('%Y-%m-%dT%H:%M:%S')}\n".encode(), 0)
        fault_point("locked")
        yield
    finally:
        lock.unlink(missing_ok=True)
        os.close(fd)  # releases the lock


def _flock(fd: int, target: Path, wait: bool) -> None:
    """Take the lock on ``fd``, or raise OutputBusyError (``wait`` false)."""
    if fcntl is None:  # pragma: no cover - Windows: no lock
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
    except BlockingIOError:
        holder = os.pread(fd, 200, 0).decode("ascii", "replace").split()
        who = f" (process {holder[0]})" if holder else ""
        raise OutputBusyError(
            f"another run{who} is writing it; wait for it to end, or pass --wait "
            "(wait=True) to start when it does",
            path=target,
        ) from None


def _new_stage(target: Path) -> Path:
    while True:
        stage = target.with_name(f".{target.name}.staging-{secrets.token_hex(4)}")
        try:
            stage.mkdir()  # the usual permissions, unlike tempfile.mkdtemp's 0700
        except FileExistsError:  # pragma: no cover - 32 random bits collided
            continue
        return stage


_LEFTOVER = re.compile(r"(staging|old)-[0-9a-f]{8}|pending")


def _sweep(target: Path) -> None:
    """Remove (or finish) what dead runs on ``target`` left beside it; the lock is held.

    Only the exact names this module and :func:`~microcommerce.io.write_table` give
    ``target``'s leftovers (``.NAME.staging-<8 hex>``, ``.NAME.old-<8 hex>``,
    ``.NAME.pending``, ``.NAME.<8 hex>.tmp``): never those of another target whose
    name starts the same (``NAME.csv``, ``NAME.old-1``). Holding the lock, every
    staging folder of ``target`` is a dead run's; a temporary file is removed only
    when no live write holds it (``sweep_temps``).
    """
    prefix = f".{target.name}."
    names = sorted(n for n in os.listdir(target.parent) if n.startswith(prefix))
    for path in (target.with_name(n) for n in names if _LEFTOVER.fullmatch(n[len(prefix) :])):
        rest = path.name[len(prefix) :]
        if rest.startswith("old-") and not target.exists():  # killed mid-swap: put it back
            os.replace(path, target)
        elif rest.startswith(("staging-", "old-")):
            if (path / _JOURNAL).is_file():
                _roll_forward(path, target.parent)
            else:
                shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    sweep_temps(target)


def _replaceable(target: Path, owned: Callable[[Path], bool] | None) -> None:
    if not target.exists():
        return
    if not target.is_dir():
        raise OutputError("it is a file, not a folder: choose another output folder", path=target)
    if Path.cwd().resolve().is_relative_to(target.resolve()):
        raise OutputError(
            "it is (or holds) the current folder, which the new result would "
            "replace: run from elsewhere or choose another folder",
            path=target,
        )
    if (target / MANIFEST).is_file() or next(target.iterdir(), None) is None:
        return
    if owned is not None and owned(target):
        return
    raise OutputError(
        "the folder holds files that are not a result written by microcommerce "
        "(no manifest), so it is not replaced: choose a new or empty folder",
        path=target,
    )


@contextlib.contextmanager
def staged(
    target: str | os.PathLike[str],
    *,
    wait: bool = False,
    owned: Callable[[Path], bool] | None = None,
    seed: bool = False,
) -> Iterator[Path]:
    """Build a folder result in a staging folder; swap it in for ``target`` when complete.

    Parameters
    ----------
    target : str or Path
        The result's folder. It is replaced only if it is missing, empty, holds a
        manifest (an earlier result) or ``owned(target)`` is true.
    wait : bool, default False
        Wait for another writer of ``target`` instead of refusing at once.
    owned : callable, optional
        Recognises an earlier result written without a manifest.
    seed : bool, default False
        Start the staging folder as a copy of ``target`` (the result is updated as a
        whole, and nothing in it is lost).

    Yields
    ------
    pathlib.Path
        The empty (or seeded) staging folder to build the result in.

    Raises
    ------
    OutputBusyError
        Another run is writing ``target`` (and ``wait`` is false).
    OutputError
        ``target`` is not replaceable, or writing failed; ``target`` is unchanged.

    Examples
    --------
    >>> import tempfile
    >>> out = Path(tempfile.mkdtemp()) / "result"
    >>> with staged(out) as stage:
    ...     _ = (stage / "a.txt").write_text("1")
    >>> sorted(p.name for p in out.iterdir())
    ['_manifest.json', 'a.txt']
    >>> check_result(out)["files"]["a.txt"]["size"]
    1
    """
    target = Path(target).absolute()
    with as_output_error(target), _locked(target, wait):
        _sweep(target)
        if not seed:
            _replaceable(target, owned)
        stage = _new_stage(target)
        try:
            fault_point("staging folder made")
            if seed and target.is_dir():
                shutil.copytree(target, stage, dirs_exist_ok=True)
                (stage / MANIFEST).unlink(missing_ok=True)
            yield stage
            write_manifest(stage)
            _swap_in(stage, target)
        except BaseException:
            shutil.rmtree(stage, ignore_errors=True)
            raise


def finish_staged(
    stage: str | os.PathLike[str], target: str | os.PathLike[str], inode: int, *, wait: bool = True
) -> bool:
    """Finish a swap of ``stage`` (its folder's ``inode``) in for ``target`` a killed run began.

    For a result committed in two steps (a report, then the tables it quotes): the
    first step records ``stage``, ``target`` and ``inode``; if the run is killed
    before the second, the next run calls this first. Safe to repeat.

    Parameters
    ----------
    stage, target
        The staging folder and the result it replaces.
    inode
        ``os.stat(stage).st_ino`` when it was recorded: after the swap the staging
        path holds the earlier result, which must not be swapped back.
    wait
        Wait for another writer of ``target``.

    Returns
    -------
    bool
        True when the swap was finished now.
    """
    stage, target = Path(stage), Path(target).absolute()
    with as_output_error(target), _locked(target, wait):
        if target.is_dir() and os.stat(target).st_ino == inode:  # swapped: drop the earlier
            shutil.rmtree(stage, ignore_errors=True)
            return False
        if not stage.is_dir() or os.stat(stage).st_ino != inode:  # swept, or never staged
            return False
        if not (stage / MANIFEST).is_file():
            write_manifest(stage)
        _swap_in(stage, target)
        return True


def write_manifest(folder: str | os.PathLike[str]) -> Path:
    """Write :data:`MANIFEST` into ``folder``: every file below it with size and SHA-256.

    Hidden files and folders (names starting with ``.``) are not listed.

    Parameters
    ----------
    folder
        The folder of a result.

    Returns
    -------
    pathlib.Path
        The manifest's path.
    """
    root = Path(folder)
    files = {
        rel: {"size": p.stat().st_size, "sha256": _sha256(p)} for rel, p in _listed(root).items()
    }
    manifest = {"format": "microcommerce result", "version": 1, "files": files}
    return write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", root / MANIFEST)


def extend_manifest(folder: str | os.PathLike[str], files: Sequence[Path]) -> Path:
    """Add ``files`` (or refresh their entries) to the manifest of ``folder``.

    For a result grown in place, file by file (an append to a dataset): the files are
    written first, the manifest last. A folder without a manifest gets one listing
    all its files.

    Parameters
    ----------
    folder
        The result's folder.
    files
        Files below ``folder`` just written.

    Returns
    -------
    pathlib.Path
        The manifest's path.
    """
    root = Path(folder)
    try:
        manifest = json.loads((root / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return write_manifest(root)
    for path in map(Path, files):
        rel = path.relative_to(root).as_posix()
        manifest["files"][rel] = {"size": path.stat().st_size, "sha256": _sha256(path)}
    manifest["files"] = dict(sorted(manifest["files"].items()))
    return write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", root / MANIFEST)


def _listed(root: Path) -> dict[str, Path]:
    """List the files of ``root`` a manifest lists: not hidden, not the manifest itself."""
    found = {}
    for p in root.rglob("*"):
        rel = p.relative_to(root)
        if rel.as_posix() == MANIFEST or any(s.startswith(".") for s in rel.parts):
            continue
        if p.is_file():
            found[rel.as_posix()] = p
    return dict(sorted(found.items()))


def _sha256(path: Path) -> str:
    with path.open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Atomically exchange folders ``a`` and ``b`` (Linux ``renameat2``); False if unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):  # not glibc
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):  # the file system cannot
        return False
    raise output_error(OSError(code, os.strerror(code), os.fspath(b)), b)


def _swap_in(stage: Path, target: Path) -> None:
    """Put ``stage`` in ``target``'s place in one step; delete the earlier ``target``."""
    fsync_folder(stage)
    if not target.exists():
        os.rename(stage, target)
        fault_point("renamed into place", committed=True)
    elif _exchange(stage, target):
        fault_point("exchanged", committed=True)
        shutil.rmtree(stage, ignore_errors=True)  # it now holds the earlier result
    else:  # two renames; a kill between them is undone by the next run's sweep
        old = target.with_name(f".{target.name}.old-{secrets.token_hex(4)}")
        os.rename(target, old)
        fault_point("earlier result set aside")
        try:
            os.rename(stage, target)
        except BaseException:
            os.rename(old, target)
            raise
        fault_point("renamed into place", committed=True)
        shutil.rmtree(old, ignore_errors=True)
    fsync_folder(target.parent)


@contextlib.contextmanager
def staged_files(
    targets: Sequence[str | os.PathLike[str]], *, wait: bool = False
) -> Iterator[list[Path]]:
    """Write a group of files side by side as one result: all new, or all as they were.

    Parameters
    ----------
    targets : sequence of str or Path
        The files, all in one folder (the first names the lock and the staging folder).
    wait : bool, default False
        As for :func:`staged`.

    Yields
    ------
    list of pathlib.Path
        Where to write each file (in a staging folder); every one must be written.

    Raises
    ------
    OutputBusyError, OutputError
        As for :func:`staged`.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> with staged_files([folder / "o.txt", folder / "o.rejected.txt"]) as (o, r):
    ...     _ = o.write_text("clean"), r.write_text("rejected")
    >>> sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))
    ['o.rejected.txt', 'o.txt']
    """
    paths = [Path(t).absolute() for t in targets]
    if len({p.parent for p in paths}) != 1 or len({p.name for p in paths}) != len(paths):
        raise ParameterError(
            f"staged_files: targets={[os.fspath(t) for t in targets]}: expected distinct "
            "files in one folder"
        )
    first = paths[0]
    with as_output_error(first, *paths[1:]), _locked(first, wait):
        _sweep(first)
        stage = _new_stage(first)
        try:
            fault_point("staging folder made")
            staged_paths = [stage / p.name for p in paths]
            yield staged_paths
            missing = [p.name for p in staged_paths if not p.is_file()]
            if missing:
                raise OutputError(
                    f"staged_files: {missing} not written by the block; nothing was replaced",
                    path=first,
                )
            journal = {
                "targets": [p.name for p in paths],
                "files": {p.name: {"size": p.stat().st_size} for p in staged_paths},
            }
            write_text(json.dumps(journal), stage / _JOURNAL)  # the commit point
        except BaseException:
            shutil.rmtree(stage, ignore_errors=True)
            raise
        _roll_forward(stage, first.parent)


def _roll_forward(stage: Path, folder: Path) -> None:
    """Finish a committed group of files; safe to repeat after a kill.

    Its targets are marked pending, each staged file renamed onto its target, the
    marks removed, and the staging folder deleted.
    """
    names = json.loads((stage / _JOURNAL).read_text(encoding="utf-8"))["targets"]
    for name in names:
        (folder / f".{name}.pending").touch()
        fault_point("marked pending")
    fsync_folder(folder)
    for name in names:
        if (stage / name).exists():
            os.replace(stage / name, folder / name)
            fault_point("renamed into place", committed=True)
    fsync_folder(folder)
    for name in names:
        (folder / f".{name}.pending").unlink(missing_ok=True)
        fault_point("unmarked", committed=True)
    shutil.rmtree(stage, ignore_errors=True)


def _manifest_files(manifest: object, root: Path) -> dict[str, dict]:
    """Give the manifest's files, after checking its shape (an edited one is refused)."""
    files = manifest.get("files") if isinstance(manifest, dict) else None
    wrong = None
    if not isinstance(manifest, dict):
        wrong = f"it holds {excerpt(json.dumps(manifest))}, not an object"
    elif not isinstance(files, dict):
        wrong = f'"files" is {excerpt(json.dumps(files))}, not an object of files'
    else:
        for rel, spec in files.items():
            size = spec.get("size") if isinstance(spec, dict) else None
            if type(size) is not int or size < 0 or not isinstance(spec.get("sha256"), str):
                wrong = f"the entry of {excerpt(rel)} is {excerpt(json.dumps(spec))}"
                wrong += ', not {"size": bytes, "sha256": "…"}'
                break
    if wrong is not None:
        raise ResultError(
            f"{MANIFEST} is not a manifest of microcommerce ({wrong}); "
            "it was edited or damaged: write the result again",
            path=root,
        )
    return files


def check_result(folder: str | os.PathLike[str], *, checksums: bool = False) -> dict:
    """Check that ``folder`` is a complete result: its files are those of its manifest.

    ``folder`` is a result written by :func:`staged`, or a folder inside one (a
    dataset such as ``OUT/clean``), whose files are then checked against the
    enclosing result's manifest.

    Parameters
    ----------
    folder
        The result (or a sub-folder of one).
    checksums
        Also re-hash every file (reads them all); by default names and sizes are checked.

    Returns
    -------
    dict
        The manifest.

    Raises
    ------
    ResultError
        No manifest, a listed file missing or changed, or a file not listed.
    """
    given = Path(folder)
    root = given if (given / MANIFEST).is_file() else given.parent
    if not (root / MANIFEST).is_file():
        raise ResultError(
            f"no {MANIFEST}: not a complete result written by microcommerce (its writing was "
            "interrupted, or an older version or another tool wrote it); write it again",
            path=given,
        )
    try:
        manifest = json.loads((root / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ResultError(
            f"unreadable {MANIFEST} ({excerpt(exc)}); write the result again", path=root
        ) from None
    listed = _manifest_files(manifest, root)
    prefix = "" if root == given else f"{given.name}/"
    wanted = {rel: spec for rel, spec in listed.items() if rel.startswith(prefix)}
    present = {prefix + rel: p for rel, p in _listed(given).items()}
    problems = [f"{rel} is missing" for rel in wanted if rel not in present]
    problems += [f"{rel} is not in the manifest" for rel in present if rel not in wanted]
    for rel, spec in wanted.items():
        if rel not in present:
            continue
        size = present[rel].stat().st_size
        if size != spec["size"]:
            problems.append(f"{rel} has {size:,} bytes, not {spec['size']:,}")
        elif checksums and _sha256(present[rel]) != spec["sha256"]:
            problems.append(f"{rel} does not match its checksum")
    if problems:
        shown = "; ".join(problems[:3]) + (
            f"; and {len(problems) - 3} more" if len(problems) > 3 else ""
        )
        raise ResultError(
            f"the result does not match its {MANIFEST}: {shown}. It was changed "
            "after it was written: write it again",
            path=given,
        )
    return manifest
