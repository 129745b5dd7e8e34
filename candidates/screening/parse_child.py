"""The child process that parses one CV under a memory and CPU ceiling.

`python parse_child.py MAX_MB CPU_SECONDS FILENAME` (run as a script, so that no package
`__init__` loads Django) reads the file on stdin and writes `{"text": ...}` or `{"error": ...}` as
JSON on stdout. The limits are set before any parser is loaded; the parent only trusts what this
process prints.
"""

import importlib.util
import json
import resource
import sys
from pathlib import Path


def _limit(max_mb: int, cpu_seconds: int) -> None:
    ceiling = max_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (ceiling, ceiling))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))


def _peak_mb() -> float:
    """This process's own peak RSS since exec (VmHWM); ru_maxrss would count the forked parent."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def main() -> int:
    max_mb, cpu_seconds, filename = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    data = sys.stdin.buffer.read()
    _limit(max_mb, cpu_seconds)
    spec = importlib.util.spec_from_file_location("cv_parsers", Path(__file__).with_name("parsers.py"))
    parsers = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(parsers)
    try:
        result = {"text": parsers.extract_text(data=data, filename=filename)}
    except parsers.CVTextError as error:
        result = {"error": str(error)}
    except (MemoryError, RecursionError):
        result = {"error": parsers.DAMAGED_OR_TOO_LARGE}
    result["peak_mb"] = _peak_mb()
    sys.stdout.write(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
