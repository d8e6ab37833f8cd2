"""`make test` and `make dashboard` on a fresh clone: each pip step is announced
before pip starts, naming the requirements file it installs."""
import shutil
import subprocess

import pytest

from conftest import ROOT


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
@pytest.mark.parametrize("target", ["test", "dashboard"])
def test_every_pip_step_says_what_it_installs_first(tmp_path, target):
    # --dry-run prints the commands a fresh clone would run (a .venv that does not exist yet).
    p = subprocess.run(["make", "--dry-run", target, f"VENV={tmp_path / 'venv'}"], cwd=ROOT, capture_output=True,
                       text=True, timeout=60)
    lines = p.stdout.splitlines()
    pip_steps = [i for i, line in enumerate(lines) if " install " in line and "/pip " in line]
    announced = [lines[i - 1] for i in pip_steps]
    required = [line.split(" -r ")[1] for line in (lines[i] for i in pip_steps) if " -r " in line]
    expected = ["requirements.txt"] + (["requirements-dev.txt"] if target == "test" else [])
    assert (p.returncode, required) == (0, expected), p.stdout + p.stderr
    assert all(line.startswith("echo ") for line in announced), announced
    assert all(f"({name}" in line for name, line in zip(required, announced[1:])), announced
