"""The ``tiledsl`` command line: ``tiledsl <command> ...``.

Commands are looked up in a small table and imported only when used, so a slow or broken
subsystem never slows down or breaks the others. A command is a module with
``main(argv: list[str]) -> int``. Add one with ``register_command`` (in-tree, e.g. in
``tiledsl.perf``'s ``__init__``, or by adding a row to ``_COMMANDS``) or from another
distribution through the ``tiledsl.commands`` entry-point group
(``perf = "tiledsl.perf.cli"``).
"""
from __future__ import annotations

import importlib
import sys

# name -> (module with main(argv) -> int, one-line help)
_COMMANDS: dict[str, tuple[str, str]] = {
    "fastrun": ("tiledsl.fastrun.cli",
                "FastRun algorithm cache: search, show, merge, export, import, prune, coverage"),
}


def register_command(name: str, module: str, help: str = "") -> None:
    """Make ``tiledsl <name> ...`` call ``<module>.main(argv)``."""
    _COMMANDS[name] = (module, help)


def commands() -> dict[str, tuple[str, str]]:
    """Registered commands, entry-point plugins included."""
    table = dict(_COMMANDS)
    try:
        from importlib.metadata import entry_points
        for ep in entry_points(group="tiledsl.commands"):
            table.setdefault(ep.name, (ep.value, ""))
    except Exception:  # broken metadata must not take the CLI down
        pass
    return table


def _usage(table: dict[str, tuple[str, str]]) -> str:
    width = max((len(n) for n in table), default=8)
    rows = "\n".join(f"  {n:<{width}}  {h}" for n, (_, h) in sorted(table.items()))
    return f"usage: tiledsl <command> [args...]\n\ncommands:\n{rows}\n"


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``tiledsl`` script; returns the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    table = commands()
    if not argv or argv[0] in ("-h", "--help", "help"):
        sys.stdout.write(_usage(table))
        return 0
    name, rest = argv[0], argv[1:]
    if name not in table:
        sys.stderr.write(f"tiledsl: unknown command {name!r}\n\n" + _usage(table))
        return 2
    module = importlib.import_module(table[name][0])
    return int(module.main(rest) or 0)


if __name__ == "__main__":
    sys.exit(main())
