"""Load test of ``mtnorm serve`` on loopback: concurrent clients for a bounded time and count.

Starts a real ``mtnorm serve --workers N`` on 127.0.0.1 (a free port), then
``--clients`` concurrent clients (asyncio + httpx, one process) each POST
documents to ``/v1/normalize`` back to back until ``--duration`` seconds have
passed or ``--max-requests`` have been sent, whichever comes first. Prints
requests/s, p50/p99 latency, the error count, and the memory of the server's
process tree (sum of RSS and of PSS over supervisor and workers) before and
after. Baseline measured in the same run: one in-process `Normalizer` on the
same documents (documents/s on one core); the ratio says what the HTTP layer
and the worker processes give or cost. The clients share the machine's cores
with the server.

Documents: the bundled seeds and, when the shared WMT22 folder exists,
paragraph groups of its English text (read at run time, never copied).

    .venv/bin/pip install -e '.[serve,bench]'
    .venv/bin/python benchmarks/serve_load.py                # 8 clients, 30 s, --workers 2
    .venv/bin/python benchmarks/serve_load.py --duration 10 --clients 4 --workers 1
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

import httpx
import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.serve_process import ServerProcess  # noqa: E402

WMT = Path("/work/shared/data/wmt22-ruen")


def documents(limit: int = 200) -> list[str]:
    docs = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    for path in sorted(WMT.glob("*.en"))[:1]:
        lines = path.read_text(encoding="utf-8").splitlines()
        docs += ["\n\n".join(lines[i : i + 12]) for i in range(0, min(len(lines), 12 * limit), 12)]
    return docs[:limit]


def memory(pids: list[int]) -> tuple[float, float]:
    """(sum of RSS, sum of PSS) in MB."""
    rss = pss = 0
    for pid in pids:
        try:
            info = psutil.Process(pid).memory_full_info()
        except psutil.Error:
            continue
        rss += info.rss
        pss += getattr(info, "pss", info.rss)
    return rss / 2**20, pss / 2**20


def cpu_seconds(pids: list[int]) -> float:
    total = 0.0
    for pid in pids:
        try:
            times = psutil.Process(pid).cpu_times()
        except psutil.Error:
            continue
        total += times.user + times.system
    return total


def baseline(docs: list[str], seconds: float) -> tuple[float, float]:
    """One in-process Normalizer: (documents/s, CPU ms per document)."""
    from normalizer import Normalizer

    normalizer = Normalizer()
    normalizer.normalize(docs[0])  # lazily loaded tables, as a warm server has them
    done, started, cpu = 0, time.perf_counter(), time.process_time()
    while time.perf_counter() - started < seconds:
        normalizer.normalize(docs[done % len(docs)])
        done += 1
    return done / (time.perf_counter() - started), (time.process_time() - cpu) * 1000 / done


async def load(
    url: str, docs: list[str], clients: int, duration: float, max_requests: int, health: bool = False
) -> tuple[list[float], int, float]:
    """Latencies, errors and elapsed time; ``health``: GET /healthz instead (the HTTP floor, no normalization)."""
    latencies: list[float] = []
    errors = 0
    sent = 0
    deadline = time.perf_counter() + duration

    async def client(number: int, http: httpx.AsyncClient) -> None:
        nonlocal errors, sent
        k = number
        while time.perf_counter() < deadline and sent < max_requests:
            sent += 1
            started = time.perf_counter()
            try:
                if health:
                    answer = await http.get("/healthz")
                else:
                    answer = await http.post("/v1/normalize", json={"text": docs[k % len(docs)]})
                ok = answer.status_code == 200 and ("status" if health else "text") in answer.json()
            except httpx.HTTPError:
                ok = False
            latencies.append(time.perf_counter() - started)
            errors += not ok
            k += clients

    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=url, timeout=120, limits=limits) as http:
        started = time.perf_counter()
        await asyncio.gather(*(client(i, http) for i in range(clients)))
        elapsed = time.perf_counter() - started
    return latencies, errors, elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--duration", type=float, default=30.0, help="seconds of load (default 30)")
    parser.add_argument("--max-requests", type=int, default=20_000, help="stop after this many requests in all")
    parser.add_argument("--baseline-seconds", type=float, default=10.0)
    args = parser.parse_args()

    docs = documents()
    size = sum(len(d.encode()) for d in docs) / len(docs)
    print(f"documents: {len(docs)}, mean {size / 1024:.1f} KB")
    base, base_cpu = baseline(docs, args.baseline_seconds)
    print(f"baseline: one in-process Normalizer: {base:.1f} documents/s, {base_cpu:.1f} CPU ms per document")

    with ServerProcess(workers=args.workers) as server:
        # warm up: each document about once per worker, as the baseline's repeated passes are warm
        warm = len(docs) * args.workers
        asyncio.run(load(server.url, docs, args.clients, 600.0, warm))
        before, cpu_before = memory(server.pids()), cpu_seconds(server.pids())
        latencies, errors, elapsed = asyncio.run(load(server.url, docs, args.clients, args.duration, args.max_requests))
        after, server_cpu = memory(server.pids()), cpu_seconds(server.pids()) - cpu_before
        floor, floor_errors, floor_elapsed = asyncio.run(load(server.url, docs, args.clients, 5.0, 5_000, health=True))
    rps = len(latencies) / elapsed
    cuts = statistics.quantiles(latencies, n=100)
    print(f"load: {args.clients} clients, --workers {args.workers}, {elapsed:.1f} s, {len(latencies)} requests")
    print(f"  requests/s: {rps:.1f}   (ratio to the one-process baseline: {rps / base:.2f})")
    print(f"  latency p50: {cuts[49] * 1000:.0f} ms   p99: {cuts[98] * 1000:.0f} ms   max: {max(latencies) * 1000:.0f} ms")
    print(f"  errors: {errors}")
    per_request = server_cpu * 1000 / len(latencies)
    print(f"  server CPU per request: {per_request:.1f} ms (ratio to baseline CPU per document: {per_request / base_cpu:.2f})")
    print(
        f"HTTP floor (GET /healthz, same clients, 5 s): {len(floor) / floor_elapsed:.0f} requests/s,"
        f" p50 {statistics.median(floor) * 1000:.0f} ms, errors {floor_errors}"
    )
    print(
        f"  server memory (RSS sum / PSS sum): before {before[0]:.0f} / {before[1]:.0f} MB,"
        f" after {after[0]:.0f} / {after[1]:.0f} MB"
    )
    return 1 if errors or floor_errors else 0


if __name__ == "__main__":
    sys.exit(main())
