"""The benchmark's tables (Markdown, so docs/benchmarks.md can quote them)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.loadgen import LoadResult


@dataclass(frozen=True)
class Row:
    name: str
    note: str
    spotter: LoadResult
    floor: LoadResult | None


@dataclass(frozen=True)
class LimitRow:
    """One read with rate limiting off and on (counters in `store`)."""

    name: str
    store: str
    off_rps: float
    on_rps: float


@dataclass(frozen=True)
class Results:
    scale: float
    when: str
    machine: str
    connections: int
    framework: LoadResult
    rows: list[Row]
    rate_limits: list[LimitRow]
    limiter_seconds: dict[str, float]  # the limiter's own CPU per hit, by store


def _ratio(ours: float, theirs: float | None) -> str:
    return f"{ours / theirs:.2f}" if theirs else "—"


def render(results: Results) -> str:
    framework = results.framework
    lines = [
        f"\n## Scale {results.scale:g}, {results.when}",
        f"{results.machine}; {results.connections} keep-alive connections.",
        f"Framework floor: {framework.rate:,.0f} req/s (p50 {framework.percentile(50):.1f} ms);"
        f" the load generator used {framework.generator_cpu:.0%} of a core meanwhile.",
        "",
        "| endpoint | Spotter req/s | p50 ms | p99 ms | errors | database floor req/s"
        " | ratio | framework floor ratio |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in results.rows:
        ours = row.spotter
        floor = row.floor.rate if row.floor else None
        lines.append(
            f"| {row.name} | {ours.rate:,.0f} | {ours.percentile(50):.1f} |"
            f" {ours.percentile(99):.1f} | {ours.errors} | {f'{floor:,.0f}' if floor else '—'} |"
            f" {_ratio(ours.rate, floor)} | {_ratio(ours.rate, framework.rate)} |"
        )
    notes = [f"- {row.name}: {row.note}" for row in results.rows if row.note]
    return "\n".join(lines + (["", *notes] if notes else []) + _render_limits(results))


def _render_limits(results: Results) -> list[str]:
    if not results.rate_limits:
        return []
    lines = [
        "",
        "Rate limiting (a limit no run reaches, so every request is counted and none refused;"
        " each side the mean of two alternating runs):",
        "",
        "| endpoint | counters in | off req/s | on req/s | cost |",
        "|---|---|---:|---:|---:|",
    ]
    for row in results.rate_limits:
        cost = 1 - row.on_rps / row.off_rps if row.off_rps else float("nan")
        lines.append(
            f"| {row.name} | {row.store} | {row.off_rps:,.0f} | {row.on_rps:,.0f} | {cost:.0%} |"
        )
    first = results.rows[0]
    if results.limiter_seconds and first.spotter.rate:
        # At full load one worker spends a core: 1 / rate seconds per request.
        request_cpu = 1 / first.spotter.rate
        lines += ["", f"The limiter's own CPU per request, against {first.name}'s whole request:"]
        lines += [
            f"- counters in {store}: {seconds * 1e6:.1f} µs of {request_cpu * 1e6:.0f} µs"
            f" ({seconds / request_cpu:.1%})"
            for store, seconds in results.limiter_seconds.items()
        ]
    return lines


def to_json(results: Results) -> dict[str, Any]:
    return {
        "scale": results.scale,
        "when": results.when,
        "framework_rps": results.framework.rate,
        "endpoints": {
            row.name: {
                "rps": row.spotter.rate,
                "p50_ms": row.spotter.percentile(50),
                "p99_ms": row.spotter.percentile(99),
                "floor_rps": row.floor.rate if row.floor else None,
            }
            for row in results.rows
        },
        "limiter_seconds_per_hit": results.limiter_seconds,
        "rate_limits": [
            {"endpoint": r.name, "store": r.store, "off_rps": r.off_rps, "on_rps": r.on_rps}
            for r in results.rate_limits
        ],
    }


def compare_scales(folder: Path) -> str:
    """Scale 1 ÷ scale 0.1 per endpoint (p50 latency), once both exist."""
    small, large = folder / "scale-0.1.json", folder / "scale-1.json"
    if not (small.exists() and large.exists()):
        return "\n(Run at --scale 0.1 and --scale 1 to see scale 1 ÷ scale 0.1.)"
    before, after = json.loads(small.read_text()), json.loads(large.read_text())
    lines = [
        f"\n## Scale 1 ({after['when']}) ÷ scale 0.1 ({before['when']}), p50 latency",
        "",
        "| endpoint | p50 ms at 0.1 | p50 ms at 1 | ÷ |",
        "|---|---:|---:|---:|",
    ]
    for name, numbers in after["endpoints"].items():
        old = before["endpoints"].get(name)
        if old:
            ratio = numbers["p50_ms"] / old["p50_ms"] if old["p50_ms"] else float("nan")
            lines.append(
                f"| {name} | {old['p50_ms']:.1f} | {numbers['p50_ms']:.1f} | {ratio:.2f} |"
            )
    return "\n".join(lines)
