"""One exception hierarchy for everything tiledsl raises on purpose.

Compile errors carry the user's source location and render the line with a caret; they never
mention compiler files. Launch errors subclass the builtin a Python user expects (TypeError,
ValueError), so ``except TypeError`` keeps working.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SourceLoc:
    """A position in the user's source: file, 1-based line, 0-based column (as ``ast``)."""
    file: str
    line: int
    col: int
    fn: str = ""
    text: str = ""  # the source line itself, for rendering

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col + 1}"


def render_loc(loc: SourceLoc | None) -> str:
    if loc is None:
        return ""
    head = f"{loc}" + (f" (in {loc.fn})" if loc.fn else "")
    if not loc.text:
        return head
    stripped = loc.text.rstrip()
    indent = len(stripped) - len(stripped.lstrip())
    caret = " " * (max(loc.col - indent, 0) + 4) + "^"
    return f"{head}\n    {stripped.lstrip()}\n{caret}"


class TiledError(Exception):
    """Base class of every tiledsl error."""


class CompilationError(TiledError):
    """A kernel cannot be compiled; names the user's file:line:col and quotes the line."""

    def __init__(self, message: str, loc: SourceLoc | None = None):
        self.message = message
        self.loc = loc
        super().__init__(self._render())

    def _render(self) -> str:
        if self.loc is None:
            return self.message
        return f"{render_loc(self.loc)}\n{type(self).__name__}: {self.message}"

    def __str__(self) -> str:
        return self._render()


class UnsupportedError(CompilationError):
    """A construct or op this compiler (or this backend) does not support."""


class TypeMismatchError(CompilationError):
    """Operands whose dtypes or shapes cannot be combined."""


class StaticAssertionError(CompilationError):
    """``tl.static_assert`` failed at compile time."""


class LaunchError(TiledError, TypeError):
    """Bad launch arguments: wrong count, unsupported type, missing constexpr, bad grid."""


class BackendUnavailableError(TiledError, RuntimeError):
    """The requested backend cannot run on this machine (no GPU, no OpenCL device ...)."""


class KernelRuntimeError(TiledError, RuntimeError):
    """A check failed while a kernel ran; names the kernel's source line."""

    def __init__(self, message: str, loc: SourceLoc | None = None):
        self.message = message
        self.loc = loc
        text = message if loc is None else f"{render_loc(loc)}\n{type(self).__name__}: {message}"
        super().__init__(text)


class OutOfBoundsError(KernelRuntimeError, IndexError):
    """A load or store touched memory outside every argument buffer."""


class UninitializedReadError(KernelRuntimeError):
    """A load read elements of a ``tiled.empty`` buffer that nothing had written."""


class IndexOverflowError(KernelRuntimeError, OverflowError):
    """int32 index arithmetic wrapped around before it was used as an address."""


class DeviceAssertionError(KernelRuntimeError, AssertionError):
    """``tl.device_assert`` failed."""


class CacheError(TiledError):
    """An on-disk cache entry is unusable (wrong owner, permissions, hash)."""
