"""`make bench` / `python -m bench [--scale 0.1]`: what users feel, in numbers.

1. Loads `spotter seed bulk --scale S` into a template database (kept and
   reused while the scale, schema head and data format match), then copies
   it for this run.
2. Starts the real server (`spotter serve`: one worker, production log mode,
   rate limiting off), the framework floor and the database floor
   (bench/floors.py), each its own process on a free loopback port.
3. Drives each endpoint with 32 keep-alive connections (bench/loadgen.py)
   and prints req/s, p50, p99 and the ratios to both floors; `POST /workouts`
   at a short and a long history.
4. Saves the numbers per scale; when both 0.1 and 1 were measured, prints
   scale 1 ÷ scale 0.1 per endpoint (p50 latency).

Prints numbers only; nothing here asserts. Scale 1 (~7M rows) needs a few
minutes to load the first time and ~6 GB of disk for the template and a copy.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import signal
import sys
import tempfile
from pathlib import Path

from bench import database, limiter_cpu, report, scenarios, servers
from bench.loadgen import LoadResult, request_bytes, run_load
from spotter.db.urls import libpq_dsn

ROUNDS = 2  # rate limiting off and on, alternately, per endpoint


def _measure(
    port: int,
    requests: list[bytes],
    args: argparse.Namespace,
    limit: int | None = None,
    connections: int | None = None,
) -> LoadResult:
    connections = connections or args.connections
    if limit is None:  # warm up: connections, caches, JIT-free but plan caches
        run_load(port, requests, connections=connections, seconds=1)
        return run_load(port, requests, connections=connections, seconds=args.seconds)
    return run_load(port, requests, connections=connections, seconds=300, limit=limit)


def _rate_limit_cost(
    dsn: str,
    logs: Path,
    off_port: int,
    endpoints: list[scenarios.Endpoint],
    args: argparse.Namespace,
) -> list[report.LimitRow]:
    """The same reads with rate limiting off and on, in one sitting: each
    store gets its own server, and each endpoint is measured off, on, off,
    on, so that a noisy moment does not land on one side only."""
    stores = ["postgres", *([args.redis] if args.redis else [])]
    rows = []
    for store in stores:
        with servers.spotter_server(dsn, logs, rate_limits=store) as limited:
            for endpoint in endpoints:
                print(f"  measuring {endpoint.name} with rate limits in {store} ...", flush=True)
                off, on = [], []
                for _ in range(ROUNDS):
                    off.append(_measure(off_port, endpoint.spotter, args).rate)
                    on.append(_measure(limited.port, endpoint.spotter, args).rate)
                label = "PostgreSQL" if store == "postgres" else "Redis"
                rows.append(
                    report.LimitRow(endpoint.name, label, sum(off) / ROUNDS, sum(on) / ROUNDS)
                )
    return rows


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=float, default=0.1, help="bulk scale (1: ~7M rows)")
    parser.add_argument("--seconds", type=float, default=5, help="measured seconds per endpoint")
    parser.add_argument("--connections", type=int, default=32, help="keep-alive connections")
    parser.add_argument("--writes", type=int, default=400, help="POST /workouts per history")
    parser.add_argument("--keep", action="store_true", help="keep this run's database copy")
    parser.add_argument(
        "--redis", metavar="URL", help="also measure rate limiting with its counters in Redis"
    )
    parser.add_argument(
        "--only", metavar="TEXT", help="measure only the endpoints whose name contains TEXT"
    )
    return parser.parse_args()


def main() -> None:
    args = parse()
    # SIGTERM unwinds like Ctrl-C, so the servers stop and the copy is dropped.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    server = database.server_url()
    template = database.prepare_template(server, args.scale)
    run_url = database.clone(server, template)
    logs = Path(tempfile.mkdtemp(prefix="spotter-bench-"))
    dsn = libpq_dsn(run_url)
    try:
        with servers.spotter_server(dsn, logs) as spotter, servers.floors(dsn, logs) as floors:
            framework_floor, database_floor = floors
            endpoints = scenarios.build(f"http://127.0.0.1:{spotter.port}", run_url, args.writes)
            if args.only:
                endpoints = [e for e in endpoints if args.only in e.name]
            framework = _measure(
                framework_floor.port, [request_bytes("GET", "/api/v1/workouts")], args, None
            )
            rows = []
            for endpoint in endpoints:
                print(f"  measuring {endpoint.name} ...", flush=True)
                ours = _measure(
                    spotter.port, endpoint.spotter, args, endpoint.limit, endpoint.connections
                )
                floor = (
                    _measure(database_floor.port, endpoint.floor, args) if endpoint.floor else None
                )
                rows.append(report.Row(endpoint.name, endpoint.note, ours, floor))
            limited = (
                [] if args.only else _rate_limit_cost(dsn, logs, spotter.port, endpoints[:2], args)
            )
        limiter = {} if args.only else limiter_cpu.seconds_per_hit(run_url, args.redis)
    finally:
        if not args.keep:
            database.drop(run_url)
    results = report.Results(
        scale=args.scale,
        when=dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        machine=f"{platform.node()}, {platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}",
        connections=args.connections,
        framework=framework,
        rows=rows,
        rate_limits=limited,
        limiter_seconds=limiter,
    )
    print(report.render(results))
    if args.only:  # a partial run replaces no saved numbers
        print(f"\nServer logs: {logs}")
        return
    saved = database.results_dir() / f"scale-{args.scale:g}.json"
    saved.write_text(json.dumps(report.to_json(results), indent=2))
    print(report.compare_scales(database.results_dir()))
    print(f"\nServer logs: {logs}; numbers saved to {saved}")


if __name__ == "__main__":
    main()
