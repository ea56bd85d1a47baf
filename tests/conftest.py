"""What every test folder cost, printed after a run, so the time budget of `make test` is watched folder by folder."""

from __future__ import annotations

from collections import defaultdict


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
