"""The layout rules of DESIGN.md that a linter does not check: files and functions stay small."""

import ast
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX_FILE_LINES = 320  # "about 300": vocabulary.py, a table of skill names, is the largest
MAX_FUNCTION_LINES = 50


def source_files() -> list[Path]:
    listed = subprocess.run(
        ["git", "ls-files", "*.py"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    skipped = ("tests/", "bench/")
    return [ROOT / f for f in listed if "/migrations/" not in f and not f.startswith(skipped)]


def test_no_source_file_is_over_about_300_lines():
    too_long = {
        str(path.relative_to(ROOT)): lines
        for path in source_files()
        if (lines := path.read_text().count("\n")) > MAX_FILE_LINES
    }
    assert too_long == {}


def test_no_function_is_over_50_lines():
    too_long = {}
    for path in source_files():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    too_long[f"{path.relative_to(ROOT)}:{node.lineno} {node.name}"] = length
    assert too_long == {}
