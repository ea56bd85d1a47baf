"""What every test folder cost, printed after a run, so the time budget of `make test` is watched folder by folder;
and hypothesis made deterministic, so that `make test` runs the same examples every time (a property that fails
fails on every run, never on one run in fifty). `HYPOTHESIS_PROFILE=explore` draws new examples for a hunt."""

from __future__ import annotations

import os
from collections import defaultdict

from hypothesis import settings

settings.register_profile("make-test", derandomize=True, print_blob=True)
settings.register_profile("explore", derandomize=False, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "make-test"))


def pytest_terminal_summary(terminalreporter) -> None:
    seconds: dict[str, float] = defaultdict(float)
    counts: dict[str, int] = defaultdict(int)
    for reports in terminalreporter.stats.values():
        for report in reports:
            nodeid = getattr(report, "nodeid", "")
            if not nodeid.startswith("tests/") or not hasattr(report, "duration"):
                continue
            folder = nodeid.split("/")[1]
            seconds[folder] += report.duration  # setup, call and teardown
            if report.when == "call":
                counts[folder] += 1
    if seconds:
        terminalreporter.write_sep("=", "seconds per test folder (setup + call + teardown, summed over workers)")
        for folder, total in sorted(seconds.items(), key=lambda kv: -kv[1]):
            terminalreporter.write_line(f"{total:8.1f} s  {counts[folder]:4d} tests  tests/{folder}")
