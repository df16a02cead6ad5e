"""The kernels ``reproduce`` runs notebooks in: started in a private folder, warm or fresh.

A :class:`KernelSlot` belongs to one worker thread and hands it a kernel for each
notebook. A *warm* slot keeps its kernel: after the kernel starts it imports the
notebooks' modules once (``prepare``), and before each
notebook it puts back the state of a new kernel (``fresh``).
A *fresh* slot starts a new kernel for every notebook (the way ``reproduce`` ran before,
kept for the benchmark and for ``fresh_kernels=True``). Either way a kernel that died,
timed out or could not be reset is shut down and the next notebook gets a new one, so a
failing notebook stops only itself.

Kernels talk over IPC sockets (no TCP port opened, no warning on stderr) in a private
temporary folder ``mc-kernel-<pid>-…``, which also holds the connection file; a later run
sweeps the folders of processes that are gone (:func:`sweep_kernel_folders`).
"""

from __future__ import annotations

import ast
import os
import queue
import shutil
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from microcommerce.errors import KernelError

KERNEL_FOLDER = "mc-kernel-"  # + process id: a temporary folder of a kernel's files
_STARTUP = 60  # seconds a new kernel may take to answer
_WARM = "__import__('microcommerce.report._warm', fromlist=['_'])"


def sweep_kernel_folders() -> None:
    """Remove the kernel folders that runs killed outright left in the temporary folder."""
    for folder in Path(tempfile.gettempdir()).glob(f"{KERNEL_FOLDER}*-*"):
        pid = folder.name.removeprefix(KERNEL_FOLDER).partition("-")[0]
        if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    """Tell whether process ``pid`` exists (one of another user counts as alive)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def notebook_imports(notebooks: Iterable[Any]) -> tuple[list[str], list[tuple[str, str]]]:
    r"""List the modules and ``(module, name)`` pairs the notebooks' cells import at top level.

    Cells that are not plain Python (magics) are skipped; relative imports too.

    Examples
    --------
    >>> import nbformat
    >>> cell = nbformat.v4.new_code_cell
    >>> nb = nbformat.v4.new_notebook(cells=[
    ...     cell("import numpy as np\nfrom microcommerce import set_theme"),
    ...     cell("%matplotlib inline"), cell("def f():\n    import json")])
    >>> notebook_imports([nb])
    (['numpy', 'microcommerce'], [('microcommerce', 'set_theme')])
    """
    modules: dict[str, None] = {}
    names: dict[tuple[str, str], None] = {}
    for nb in notebooks:
        for cell in nb.cells:
            if cell.cell_type != "code":
                continue
            try:
                tree = ast.parse(cell.source)
            except SyntaxError:
                continue
            for node in tree.body:
                if isinstance(node, ast.Import):
                    modules.update(dict.fromkeys(alias.name for alias in node.names))
                elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    modules[node.module] = None
                    names.update(dict.fromkeys((node.module, a.name) for a in node.names))
    return list(modules), [pair for pair in names if pair[1] != "*"]


class KernelSlot:
    """The kernel of one worker thread: warm (kept, reset between notebooks) or fresh.

    Every call is made from the thread that made the slot (the kernel's sockets belong
    to that thread's event loop); :meth:`close` shuts the kernel down.
    """

    def __init__(self, cwd: Path, timeout: int, warm: tuple[list[str], list] | None) -> None:
        self.cwd, self.timeout, self.warm = cwd, timeout, warm
        self.km: Any = None
        self.kc: Any = None
        self.folder: str | None = None
        self.used = False

    def kernel(self) -> tuple[Any, Any]:
        """Give a kernel ready for a notebook, as ``(manager, client)``: new, or reset."""
        from jupyter_core.utils import run_sync

        if self.km is not None and self.used:
            try:
                run_sync(self._call)(f"{_WARM}.fresh({str(self.cwd)!r})")
            except Exception:  # it died between notebooks or cannot be reset: a new one
                self.close()
        if self.km is None:
            run_sync(self._start)()
            if self.warm is not None:
                modules, names = self.warm
                run_sync(self._call)(f"{_WARM}.prepare({modules!r}, {names!r})")
        self.used = True
        return self.km, self.kc

    def done(self, healthy: bool) -> None:
        """After a notebook: keep a warm, healthy kernel; shut down any other."""
        if self.warm is None or not healthy:
            self.close()

    async def _start(self) -> None:
        from jupyter_client.manager import AsyncKernelManager

        self.folder = tempfile.mkdtemp(prefix=f"{KERNEL_FOLDER}{os.getpid()}-")
        # an asynchronous manager, so nbclient's cell timeout and dead-kernel checks run
        # (with a blocking one a hung or crashed kernel would block for ever); IPC sockets
        # in a private folder: relative socket paths fail on some file systems
        self.km = AsyncKernelManager(
            kernel_name="python3",
            transport="ipc",
            ip=os.path.join(self.folder, "k"),
            connection_file=os.path.join(self.folder, "kernel.json"),
        )
        # the history in memory, as nbclient does: nothing written to ~/.ipython
        await self.km.start_kernel(
            cwd=str(self.cwd), extra_arguments=["--HistoryManager.hist_file=:memory:"]
        )
        self.kc = self.km.client()
        self.kc.start_channels()
        await self.kc.wait_for_ready(timeout=_STARTUP)
        self.kc.allow_stdin = False
        self.used = False

    async def _call(self, code: str) -> None:
        """Run ``code`` silently in the kernel; raise unless it ran without error."""
        msg_id = self.kc.execute(code, silent=True, store_history=False, allow_stdin=False)
        deadline = time.monotonic() + max(self.timeout, _STARTUP)
        while time.monotonic() < deadline:
            try:
                reply = await self.kc.get_shell_msg(timeout=1)
            except queue.Empty:
                if not await self.km.is_alive():
                    break
                continue
            if reply["parent_header"].get("msg_id") == msg_id:
                content = reply["content"]
                if content["status"] == "ok":
                    return
                raise KernelError(f"kernel set-up failed: {content.get('ename')}")
        raise KernelError("kernel set-up failed: no answer from the kernel")

    def close(self) -> None:
        """Shut the kernel down now and remove its folder (nothing if there is none)."""
        from jupyter_core.utils import run_sync

        km, kc, folder = self.km, self.kc, self.folder
        self.km = self.kc = self.folder = None
        try:
            if kc is not None:
                kc.stop_channels()
            if km is not None and km.has_kernel:
                run_sync(km.shutdown_kernel)(now=True)
        finally:
            if folder is not None:
                shutil.rmtree(folder, ignore_errors=True)
