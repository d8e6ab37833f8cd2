"""tools/score.py, the accuracy scorer, on the seed: every gold record found, and a
gold record the text does not state counted as one missed and one extra."""
import json
import re
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT, SEED

pytestmark = pytest.mark.corpus


def score(*cases):
    run = subprocess.run([sys.executable, str(ROOT / "tools" / "score.py"), *(f"--cases={c}" for c in cases)],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    return re.search(r"F1=(\S+) tp=(\d+) fp=(\d+) fn=(\d+)", run.stdout.splitlines()[-1]).groups()


def test_the_seed_scores_in_full():
    records = len(json.loads(SEED.with_suffix(".json").read_text(encoding="utf-8"))["records"])
    assert score(SEED.parent) == ("1.00", str(records), "0", "0")


def test_a_gold_amount_the_text_does_not_state_is_one_missed_and_one_extra(tmp_path):
    gold = json.loads(SEED.with_suffix(".json").read_text(encoding="utf-8"))
    gold["records"][0]["amount"] *= 2
    (tmp_path / SEED.with_suffix(".json").name).write_text(json.dumps(gold), encoding="utf-8")
    shutil.copy(SEED, tmp_path)
    _, tp, fp, fn = score(f"{tmp_path}:{tmp_path}")
    assert (int(tp), fp, fn) == (len(gold["records"]) - 1, "1", "1")
