"""Throughput of the local AI screening on the evaluation set (no database, no network).

    .venv/bin/python bench/screening.py [--repeat N]

Measures CV text extraction per file format, the local analyzer alone (every CV against every
vacancy of tests/candidates/screening/evaluation_data.py), and both together.
"""

import argparse
import datetime as dt
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import django_setup, timings_ms

# Only the analyzer runs: the development defaults are enough.
django_setup(DEBUG="true")

from candidates.models import Vacancy  # noqa: E402
from candidates.screening.extraction import cv_text_extract  # noqa: E402
from candidates.screening.local import local_analyze  # noqa: E402
from tests.candidates.screening.cv_files import cv_bytes  # noqa: E402
from tests.candidates.screening.evaluation_data import CVS, VACANCIES  # noqa: E402

TODAY = dt.date(2026, 11, 25)


def report(label: str, operations: int, durations_ms: list[float]) -> None:
    best, median = min(durations_ms) / 1000, statistics.median(durations_ms) / 1000
    print(
        f"{label:<34} {operations:>5} ops  median {median * 1000:8.1f} ms  "
        f"{operations / median:9.0f} ops/s (best {operations / best:.0f})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    vacancies = [
        Vacancy(name=v.name, description=v.description, requirements=v.requirements) for v in VACANCIES
    ]
    files = [(cv.file_format, cv_bytes(cv.text, cv.file_format), f"cv.{cv.file_format}") for cv in CVS]
    texts = [cv_text_extract(data=data, filename=name) for _, data, name in files]
    print(
        f"Evaluation set: {len(CVS)} CVs x {len(vacancies)} vacancies, {args.repeat} runs, python {sys.version.split()[0]}"
    )

    for file_format in ("pdf", "docx", "txt"):
        subset = [(data, name) for kind, data, name in files if kind == file_format]
        report(
            f"extract {file_format}",
            len(subset),
            timings_ms(
                lambda subset=subset: [cv_text_extract(data=d, filename=n) for d, n in subset], args.repeat
            ),
        )

    def analyze_all() -> None:
        for text in texts:
            for vacancy in vacancies:
                local_analyze(cv_text=text, vacancy=vacancy, today=TODAY)

    report("local analysis (text ready)", len(texts) * len(vacancies), timings_ms(analyze_all, args.repeat))

    def extract_and_analyze_all() -> None:
        for _, data, name in files:
            text = cv_text_extract(data=data, filename=name)
            for vacancy in vacancies:
                local_analyze(cv_text=text, vacancy=vacancy, today=TODAY)

    report(
        "extract once + analyse x5",
        len(files) * len(vacancies),
        timings_ms(extract_and_analyze_all, args.repeat),
    )


if __name__ == "__main__":
    main()
