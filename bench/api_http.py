"""HTTP benchmark of the OneF API under gunicorn with wrk, against reference views, in one run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h17 REDIS_URL=redis://127.0.0.1:6379/7 \\
        .venv/bin/python bench/api_http.py --tree /tmp/before --tree .

Each --tree is a checkout of the project (default: this one). For each tree a gunicorn (2 sync
workers, `--workers`) serves the project with two more views (bench/bench_urls.py): a Django
JsonResponse through the project's whole middleware stack (`minimal`) and `auth`, the API's stack
with no data. Beside them, one more gunicorn serves the baseline, a bare Django project whose only
view returns a JsonResponse with no middleware (bench/bare_wsgi.py, `bare`); with --split, another
serves the last tree through a separate WSGI entry for the API (bench/split_wsgi.py, `split`).
wrk (`apt-get install wrk`) then drives every endpoint of every server for --seconds, --repeats
times, interleaved (server by server, endpoint by endpoint), so that the machine's load falls on
all alike. Prints the median requests/s and each one's share of `bare` and of its tree's `minimal`.

`--rss N` instead measures the peak resident memory of a process that answers the unpaged list
of N candidates (seeded if missing), once per tree, in a fresh process each.
"""

import argparse
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

BENCH = Path(__file__).resolve().parent
HERE = BENCH.parent
sys.path.insert(0, str(HERE))
from bench.common import free_port  # noqa: E402

ENDPOINTS = {
    "minimal": "/bench/minimal",
    "auth": "/bench/auth",
    "api_auth": "/api/bench/auth",
    "api_minimal": "/api/bench/minimal",
    "api_floor": "/api/bench/floor/{id}",
    "detail": "/api/onef/candidates/{id}",
    "page": "/api/onef/candidates?page=2&limit=100",
    "dashboard": "/api/onef/dashboard",
    "list": "/api/onef/candidates",
}
SPLIT_ENDPOINTS = ["detail", "page", "dashboard"]
# Runs in the last tree, with this checkout's bench/ on the path (so `common` is this one's).
SETUP = """
import sys
import django
django.setup()
from common import seed_candidates
from candidates.models import Candidate
from onef_api.services import api_key_create
total = seed_candidates(int(sys.argv[1]))
some = Candidate.objects.order_by("-created_at").values_list("id", flat=True)[total // 2]
print(api_key_create(name="bench-http")[1], some)
"""
RSS = """
import hashlib, resource, sys
import django
django.setup()
from django.test import Client
from onef_api.services import api_key_create
raw = api_key_create(name="bench-rss")[1]
response = Client(HTTP_HOST="127.0.0.1").get("/api/onef/candidates", HTTP_AUTHORIZATION="Bearer " + raw)
digest, size = hashlib.sha256(), 0
for chunk in response.streaming_content if response.streaming else [response.content]:
    digest.update(chunk)
    size += len(chunk)
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
print(rss, size, response["X-Total-Count"], digest.hexdigest()[:16])
"""


def environment(tree: Path, settings: str = "bench_settings") -> dict:
    env = dict(os.environ)
    env.update(
        PYTHONPATH=f"{tree}{os.pathsep}{BENCH}",
        DJANGO_SETTINGS_MODULE=settings,
        INTEGRATION_RPS="100000",
        SECRET_KEY=env.get("SECRET_KEY", "bench-only-not-a-secret"),
    )
    return env


def start_gunicorn(
    tree: Path, workers: int, app: str = "recruitment.wsgi:application"
) -> tuple[subprocess.Popen, str]:
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", app, "--workers", str(workers)]
    command += ["--bind", f"127.0.0.1:{port}", "--worker-class", "sync", "--log-level", "warning"]
    # The bare baseline runs from bench/: the project's gunicorn.conf.py (read from the working
    # directory) would load the project's settings before bare_wsgi configures its own.
    cwd = BENCH if app.startswith("bare_wsgi") else tree
    server = subprocess.Popen(command, cwd=cwd, env=environment(tree), stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        time.sleep(0.2)
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return server, base
    server.kill()
    sys.exit(f"gunicorn for {tree} did not start")


def warm_up(base: str, key: str, some_id: str, workers: int, paths: list[str]) -> None:
    """Every worker loads the URLs and views on its first requests: do that before timing."""
    for path in paths:
        request = urllib.request.Request(
            base + path.format(id=some_id), headers={"Authorization": f"Bearer {key}"}
        )
        for _ in range(workers * 4):
            with urllib.request.urlopen(request, timeout=60) as response:
                response.read()


def wrk(url: str, key: str, seconds: int, connections: int) -> tuple[float, float]:
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "-H", f"Authorization: Bearer {key}", url]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    if "Non-2xx" in output:
        sys.exit(f"{url} answered errors:\n{output}")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    latency = re.search(r"Latency\s+([\d.]+)(us|ms|s)", output)
    scale = {"us": 0.001, "ms": 1, "s": 1000}[latency.group(2)]
    return rps, float(latency.group(1)) * scale


def servers_and_jobs(args, trees: list[Path]) -> tuple[dict, list[tuple[str, str, str]]]:
    """The gunicorns to start ({label: (tree, app)}) and the (label, endpoint, path) to measure."""
    names = args.only or list(ENDPOINTS)
    servers = {"bare": (trees[-1], "bare_wsgi:application")}
    jobs = [("bare", "bare", "/bench/bare")]
    for tree in trees:
        servers[str(tree)] = (tree, "recruitment.wsgi:application")
        jobs += [(str(tree), name, ENDPOINTS[name]) for name in names]
    if args.split:
        servers["split"] = (trees[-1], "split_wsgi:application")
        jobs += [("split", name, ENDPOINTS[name]) for name in SPLIT_ENDPOINTS if name in names]
    return servers, jobs


def throughput(args, trees: list[Path], key: str, some_id: str) -> None:
    wanted, jobs = servers_and_jobs(args, trees)
    servers = {label: start_gunicorn(tree, args.workers, app) for label, (tree, app) in wanted.items()}
    results: dict = {}
    loads = [os.getloadavg()[0]]
    try:
        for label, (_, base) in servers.items():
            paths = [path.format(id=some_id) for job_label, _, path in jobs if job_label == label]
            warm_up(base, key, some_id, args.workers, paths)
        for _ in range(args.repeats):
            for label, name, path in jobs:
                url = servers[label][1] + path.format(id=some_id)
                connections = 1 if name == "list" else args.connections
                results.setdefault((label, name), []).append(wrk(url, key, args.seconds, connections))
            loads.append(os.getloadavg()[0])
    finally:
        for server, _ in servers.values():
            server.send_signal(signal.SIGTERM)
            server.wait()
    report(args, jobs, results, loads)


def report(args, jobs: list, results: dict, loads: list[float]) -> None:
    print(
        f"load average (1 min) {min(loads):.1f}-{max(loads):.1f} during the run; {args.workers} sync workers;"
    )
    print(f"median of {args.repeats} runs of {args.seconds} s, wrk -c{args.connections}")
    print(f"{'server':28} {'endpoint':10} {'req/s':>9} {'ms/req':>8} {'of bare':>8} {'of minimal':>10}")
    bare = statistics.median(r for r, _ in results[("bare", "bare")])
    for label, name, _ in jobs:
        rps = statistics.median(r for r, _ in results[(label, name)])
        latency = statistics.median(ms for _, ms in results[(label, name)])
        minimal_runs = results.get((label, "minimal"))
        minimal = statistics.median(r for r, _ in minimal_runs) if minimal_runs else None
        share = f"{rps / minimal:10.1%}" if minimal else f"{'-':>10}"
        print(f"{label[-28:]:28} {name:10} {rps:9.1f} {latency:8.2f} {rps / bare:8.1%} {share}")


def peak_rss(trees: list[Path]) -> None:
    print(f"load average {os.getloadavg()}")
    for tree in trees:
        env = environment(tree, "recruitment.settings")
        output = subprocess.run(
            [sys.executable, "-c", RSS], cwd=tree, env=env, capture_output=True, text=True
        )
        if output.returncode:
            sys.exit(output.stderr)
        mb, size, total, digest = output.stdout.split()
        print(
            f"{str(tree)[-28:]:28} peak RSS {mb} MB for the unpaged list ({total} rows, {size} bytes, sha256 {digest})"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--tree", action="append", type=Path, help="A project checkout to serve (repeatable)."
    )
    parser.add_argument("--candidates", type=int, default=10_000)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--only", action="append", choices=list(ENDPOINTS))
    parser.add_argument(
        "--split", action="store_true", help="Also serve the last tree through bench/split_wsgi.py."
    )
    parser.add_argument(
        "--rss", action="store_true", help="Measure the peak RSS of the unpaged list instead."
    )
    args = parser.parse_args()
    trees = [tree.resolve() for tree in args.tree or [HERE]]
    env = environment(trees[-1], "recruitment.settings")
    setup = subprocess.run(
        [sys.executable, "-c", SETUP, str(args.candidates)],
        cwd=trees[-1],
        env=env,
        capture_output=True,
        text=True,
    )
    if setup.returncode:
        sys.exit(setup.stderr)
    key, some_id = setup.stdout.split()[-2:]
    if args.rss:
        peak_rss(trees)
    else:
        throughput(args, trees, key, some_id)


if __name__ == "__main__":
    main()
