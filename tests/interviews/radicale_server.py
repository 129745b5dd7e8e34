"""A real CalDAV server for the tests: Radicale, started as a subprocess on a free port with a
temporary storage folder and no authentication (any user name is accepted)."""

import contextlib
import socket
import subprocess
import sys
import time
from pathlib import Path

import caldav


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def radicale(folder: Path):
    port = _free_port()
    process = subprocess.Popen(
        [
            sys.executable, "-m", "radicale",
            f"--storage-filesystem-folder={folder}",
            "--auth-type=none",
            f"--server-hosts=127.0.0.1:{port}",
            "--logging-level=warning",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 15
        while True:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
                break
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError("Radicale did not start")
            time.sleep(0.1)
        yield f"http://127.0.0.1:{port}/"
    finally:
        process.terminate()
        process.wait(timeout=10)


def make_calendar(base_url: str, user: str, events: list[str]) -> str:
    """A calendar of `user` holding these VEVENTs (iCalendar text); returns its URL."""
    with caldav.DAVClient(url=base_url, username=user, password="x") as client:
        calendar = client.principal().make_calendar(name="work", cal_id="work")
        for index, event in enumerate(events):
            calendar.save_event(
                ical=f"BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//tests//EN\nBEGIN:VEVENT\nUID:e{index}\n"
                f"DTSTAMP:20260101T000000Z\n{event}\nEND:VEVENT\nEND:VCALENDAR\n"
            )
        return str(calendar.url)
