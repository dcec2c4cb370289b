"""The on-disk compilation cache shared by every backend.

Layout: ``<root>/<key[:2]>/<key>/<name>`` holds an artifact and ``<name>.sha256`` its sidecar
(``{"sha256": ..., "size": ...}`` as JSON). Both are written to a temp file in the same
directory and moved into place with ``os.replace``, artifact first, sidecar last, so a reader
sees either no entry, an old complete entry, or a new complete one; a torn or mixed entry fails
the hash check and is a miss.

Security: a shared library in this cache gets ``dlopen``-ed into the user's process, so the
cache refuses (with a :class:`CacheWarning`, never an exception) to read from a directory or
file that belongs to another user, is writable by group or others, or is a symlink. Directories
are created ``0o700`` and files ``0o600``. A refused or corrupt entry is a miss; the caller
recompiles and ``put`` rewrites it. If the cache directory itself is unsafe, ``put`` writes
into a private temporary directory instead, so the caller can still load what it compiled.

``TILEDSL_ALWAYS_COMPILE=1`` makes every read a miss (writes still happen).
"""
from __future__ import annotations

import hashlib
import json
import os
import stat
import tempfile
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from tiledsl import knobs

__all__ = ["CacheWarning", "CacheStats", "DiskCache", "cache_key", "default_cache"]

# Bumped when the layout or the sidecar format changes, so old entries are never misread.
_FORMAT_VERSION = 1
_SIDECAR = ".sha256"


class CacheWarning(UserWarning):
    """An on-disk cache entry or directory was ignored (unsafe permissions, bad hash)."""


# -- keys --------------------------------------------------------------------------------------

def _canon(obj, out: list[str]) -> None:
    """Append a canonical, type-tagged text form of ``obj`` to ``out``.

    Type tags keep ``1``, ``"1"``, ``1.0`` and ``True`` apart; dicts and sets are sorted so
    the key does not depend on insertion order.
    """
    if obj is None or isinstance(obj, bool):
        out.append(f"b:{obj!r};")
    elif isinstance(obj, int):
        out.append(f"i:{obj};")
    elif isinstance(obj, float):
        out.append(f"f:{obj.hex()};")
    elif isinstance(obj, str):
        out.append(f"s{len(obj)}:{obj};")
    elif isinstance(obj, (bytes, bytearray, memoryview)):
        out.append(f"y:{hashlib.sha256(bytes(obj)).hexdigest()};")
    elif isinstance(obj, (list, tuple)):
        out.append(f"{'l' if isinstance(obj, list) else 't'}{len(obj)}(")
        for item in obj:
            _canon(item, out)
        out.append(")")
    elif isinstance(obj, dict):
        items = []
        for k, v in obj.items():
            kp: list[str] = []
            _canon(k, kp)
            items.append(("".join(kp), v))
        out.append(f"d{len(items)}(")
        for k, v in sorted(items, key=lambda kv: kv[0]):
            out.append(k)
            _canon(v, out)
        out.append(")")
    elif isinstance(obj, (set, frozenset)):
        parts = []
        for item in obj:
            p: list[str] = []
            _canon(item, p)
            parts.append("".join(p))
        out.append(f"S{len(parts)}(" + "".join(sorted(parts)) + ")")
    elif isinstance(obj, Path):
        out.append(f"p:{obj};")
    else:
        # dtypes, enums, dataclasses: their repr is their identity. Objects whose repr
        # contains a memory address would make keys unstable, so refuse them loudly.
        text = repr(obj)
        if " at 0x" in text:
            raise TypeError(f"cache_key: {type(obj).__name__} has no stable representation")
        out.append(f"o:{type(obj).__name__}:{text};")


def cache_key(*parts) -> str:
    """A sha256 hex digest over a canonical representation of ``parts``.

    Parts may be None, bool, int, float, str, bytes, Path, and lists/tuples/dicts/sets of
    these, or objects with a stable ``repr`` (dtypes). Include the source, compiler version,
    target, options and ``knobs.codegen_fingerprint()`` in the parts.
    """
    out: list[str] = [f"tiledsl-cache-v{_FORMAT_VERSION};"]
    _canon(parts, out)
    return hashlib.sha256("".join(out).encode()).hexdigest()


# -- the cache ---------------------------------------------------------------------------------

@dataclass
class CacheStats:
    """Counters, for tests and for reporting whether a compile was avoided."""
    hits: int = 0
    misses: int = 0
    writes: int = 0
    refused: int = 0
    corrupt: int = 0
    events: list = field(default_factory=list)  # (kind, key, name), newest last, capped

    def record(self, kind: str, key: str, name: str) -> None:
        setattr(self, kind, getattr(self, kind) + 1)
        self.events.append((kind, key, name))
        del self.events[:-64]


def _owner_ok(st: os.stat_result) -> bool:
    getuid = getattr(os, "getuid", None)
    return getuid is None or st.st_uid == getuid()


def _check_name(name: str) -> None:
    if not name or "/" in name or "\\" in name or name.startswith(".") or \
            name.endswith(_SIDECAR):
        raise ValueError(f"bad cache artifact name {name!r}")


class DiskCache:
    """A content-addressed artifact store under ``root`` (default: ``knobs.cache_dir()``)."""

    def __init__(self, root: Path | str | None = None):
        self.root = Path(root) if root is not None else knobs.cache_dir()
        self.stats = CacheStats()
        self._fallback: Path | None = None
        self._warned: set[str] = set()

    # -- paths and safety ----------------------------------------------------------------
    def entry_dir(self, key: str) -> Path:
        """The directory holding ``key``'s artifacts (it may not exist)."""
        if not key or not all(c in "0123456789abcdef" for c in key):
            raise ValueError(f"cache key must be a hex digest, got {key!r}")
        return self.root / key[:2] / key

    def _warn(self, message: str) -> None:
        # One warning per distinct problem per cache object: a hot loop must not spam.
        if message not in self._warned:
            self._warned.add(message)
            warnings.warn(message, CacheWarning, stacklevel=3)

    def _unsafe_reason(self, path: Path, *, is_dir: bool, follow: bool) -> str | None:
        """Why ``path`` must not be trusted, or None when it is safe (or absent)."""
        try:
            st = os.stat(path) if follow else os.lstat(path)
        except FileNotFoundError:
            return None
        except OSError as exc:
            return f"cannot stat {path}: {exc}"
        if stat.S_ISLNK(st.st_mode):
            return f"{path} is a symlink"
        if is_dir and not stat.S_ISDIR(st.st_mode):
            return f"{path} is not a directory"
        if not is_dir and not stat.S_ISREG(st.st_mode):
            return f"{path} is not a regular file"
        if not _owner_ok(st):
            return f"{path} is owned by uid {st.st_uid}, not by this user"
        if st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
            return f"{path} is writable by group or others (mode {stat.S_IMODE(st.st_mode):o})"
        return None

    def _dirs_unsafe(self, key: str) -> str | None:
        # The root may be a symlink the user made on purpose (e.g. to a scratch disk); the
        # directories tiledsl creates below it may not.
        reason = self._unsafe_reason(self.root, is_dir=True, follow=True)
        if reason:
            return reason
        for d in (self.root / key[:2], self.entry_dir(key)):
            reason = self._unsafe_reason(d, is_dir=True, follow=False)
            if reason:
                return reason
        return None

    # -- reads ---------------------------------------------------------------------------
    def _read_verified(self, key: str, name: str) -> tuple[Path, bytes] | None:
        _check_name(name)
        if knobs.ALWAYS_COMPILE.as_bool():
            self.stats.record("misses", key, name)
            return None
        d = self.entry_dir(key)
        dirs_unsafe = self._dirs_unsafe
        if self._fallback is not None and (self._fallback / key / name).exists():
            # Written to the private directory because the cache tree was unsafe: read it
            # back from there, or this process would rebuild the kernel on every load.
            d = self._fallback / key

            def dirs_unsafe(_key, d=d):
                return self._unsafe_reason(d, is_dir=True, follow=False)
        path, side = d / name, d / (name + _SIDECAR)
        if not path.exists() and not side.exists():
            self.stats.record("misses", key, name)
            return None
        reason = dirs_unsafe(key) or \
            self._unsafe_reason(path, is_dir=False, follow=False) or \
            self._unsafe_reason(side, is_dir=False, follow=False)
        if reason:
            self._warn(f"tiledsl: ignoring cache entry {name!r} in {d}: {reason}; "
                       f"recompiling. Fix the permissions (chmod 700 the cache directory) "
                       f"or point TILEDSL_CACHE_DIR at a private directory.")
            self.stats.record("refused", key, name)
            self.stats.record("misses", key, name)
            return None
        try:
            data = path.read_bytes()
            record = json.loads(side.read_text())
            ok = (isinstance(record, dict) and record.get("version") == _FORMAT_VERSION
                  and record.get("size") == len(data)
                  and record.get("sha256") == hashlib.sha256(data).hexdigest())
        except (OSError, ValueError):
            ok, data = False, b""
        if not ok:
            self._warn(f"tiledsl: cache entry {path} failed its sha256 check (corrupt, "
                       f"truncated or tampered with); discarding it and recompiling.")
            self.stats.record("corrupt", key, name)
            self.stats.record("misses", key, name)
            for p in (side, path):  # sidecar first: never leave a sidecar without its file
                try:
                    p.unlink()
                except OSError:
                    pass
            return None
        self.stats.record("hits", key, name)
        return path, data

    def get(self, key: str, name: str) -> bytes | None:
        """The verified bytes of artifact ``name`` under ``key``, or None on any miss."""
        found = self._read_verified(key, name)
        return None if found is None else found[1]

    def path_for_loading(self, key: str, name: str) -> Path | None:
        """A path whose content was just verified against its hash (for ``dlopen``), or None.

        Only this user can write the verified file and its directory, so the content cannot
        change between the check and the load except by this user's own hand.
        """
        found = self._read_verified(key, name)
        return None if found is None else found[0]

    # -- writes --------------------------------------------------------------------------
    def _private_fallback(self) -> Path:
        if self._fallback is None:
            self._fallback = Path(tempfile.mkdtemp(prefix="tiledsl-cache-"))
        return self._fallback

    def _ensure_dir(self, key: str) -> Path | None:
        """Create the entry directory (0o700); None if the cache tree is unsafe."""
        d = self.entry_dir(key)
        try:
            if not self.root.exists():
                # Parents such as ~/.cache get the usual mode; the cache root itself is 0o700.
                os.makedirs(self.root, 0o700, exist_ok=True)
            for p in (self.root / key[:2], d):
                if not p.exists():
                    try:
                        os.mkdir(p, 0o700)
                    except FileExistsError:
                        pass  # a concurrent process made it; checked below like any other
        except OSError as exc:
            self._warn(f"tiledsl: cannot create cache directory {d}: {exc}; "
                       f"using a private temporary directory instead.")
            return None
        reason = self._dirs_unsafe(key)
        if reason:
            self._warn(f"tiledsl: not writing to the cache in {self.root}: {reason}; "
                       f"using a private temporary directory instead.")
            return None
        return d

    @staticmethod
    def _atomic_write(path: Path, data: bytes) -> None:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-" + path.name + ".")
        try:
            with os.fdopen(fd, "wb") as f:  # mkstemp created it 0o600
                f.write(data)
            os.replace(tmp, path)
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise

    def put(self, key: str, name: str, data: bytes) -> Path:
        """Store ``data`` as artifact ``name`` under ``key``; return the stored file's path.

        The returned path is always loadable: when the cache directory is unsafe or not
        writable, the artifact goes to a private temporary directory (with a warning).
        """
        _check_name(name)
        data = bytes(data)
        d = self._ensure_dir(key)
        if d is None:
            d = self._private_fallback() / key
            d.mkdir(mode=0o700, parents=True, exist_ok=True)
        path = d / name
        record = {"version": _FORMAT_VERSION, "size": len(data),
                  "sha256": hashlib.sha256(data).hexdigest()}
        self._atomic_write(path, data)
        self._atomic_write(d / (name + _SIDECAR), json.dumps(record).encode())
        self.stats.record("writes", key, name)
        return path


_DEFAULT: dict[Path, DiskCache] = {}


def default_cache() -> DiskCache:
    """The process-wide cache for the current ``TILEDSL_CACHE_DIR`` (one object per root)."""
    root = knobs.cache_dir()
    cache = _DEFAULT.get(root)
    if cache is None:
        cache = _DEFAULT[root] = DiskCache(root)
    return cache
