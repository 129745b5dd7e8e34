import os
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parents[2]


@pytest.fixture
def read_settings(monkeypatch):
    """Execute recruitment/settings.py against an environment, in-process (no Django start-up)."""
    source = PROJECT_DIR / "recruitment" / "settings.py"

    def read(environment: dict[str, str]) -> dict:
        monkeypatch.setattr(os, "environ", dict(environment))
        namespace: dict = {"__file__": str(source), "__name__": "settings_under_test"}
        exec(compile(source.read_text(), str(source), "exec"), namespace)
        return namespace

    return read
