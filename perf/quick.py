"""The quick set: ``python -m tiledsl.perf.quick`` is ``python -m tiledsl.perf --quick``.

Every entry names its own quick parameter sets (``@entry(..., quick=[...])``); this module
holds the time budget that keeps the whole set under five minutes on a 2-core CPU. Parameter
sets reached after the budget print ``skipped`` instead of running, so the run ends on time
even when a slow backend (``--backend interp``) is chosen. ``make perf-quick`` runs::

    python -m tiledsl.perf --quick --out docs/perf/cpu-quick
"""
from __future__ import annotations

import sys

#: Seconds of measuring before remaining parameter sets are skipped. Start-up, the roofline
#: (measured at both ends), a call that was running at the deadline (cut after 5 s of grace)
#: and the plots fit in the remaining 80 s.
QUICK_BUDGET_S = 220.0


def main(argv: list[str] | None = None) -> int:
    from .__main__ import main as perf_main

    return perf_main(["--quick", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    sys.exit(main())
