"""The extractor against hand-labelled gold records, matched the way tools/score.py
matches them: same currency, amount within 1 %.

Article by article (the development corpus, the seeds and the first held-out set):
every gold record found, nothing extra, and on every matched pair the fields the
quality bar names right, each compared as tools/score.py compares it.

Set by set (the later held-out sets): amount F1 and the share of matched pairs with
the right donors, kind, aid type and date, at the set's bar.

Which sets were tuned on: all of them. Every held-out set (heldout, heldout2..10) was
labelled without reading or running the extractor and scored once blind; the
extractor was then fixed on the general causes each showed (its README gives the
blind score and the score after). Their bars were set from the extractor's own output
after those fixes, so they guard against regressions; they do not measure accuracy
on unseen text. A FROZEN set is one labelled before the extractor ever ran on it and
never tuned on: its bar is its recorded blind score, and what it shows is fixed
through other texts, never by changing its labels or its bar.
"""
import json
from datetime import date

import pytest

from conftest import ROOT
from tracker.extract.decide import extract_pledges
from tracker.records.pledge import CATEGORIES

pytestmark = pytest.mark.corpus

FIXTURES = ROOT / "tests" / "fixtures"
# Checked article by article: folder and how many articles it holds.
PER_ARTICLE = {"corpus": (FIXTURES / "corpus", 24), "seeds": (ROOT / "seeds", 1),
               "heldout": (FIXTURES / "heldout", 16)}
GOLD = [path for folder, _ in PER_ARTICLE.values() for path in sorted(folder.glob("*.json"))]
# Known failures: an honest backlog that fails loudly once fixed.
KNOWN = {
    "ho-11-czech-shell-initiative": "a running total of contributions to an initiative does not take the initiative's subject",
}


def _cases():
    return [
        pytest.param(path, id=path.stem,
                     marks=[pytest.mark.xfail(strict=True, reason=KNOWN[path.stem])] if path.stem in KNOWN else [])
        for path in GOLD]


def _match(pred, gold):
    """(predicted, gold) pairs: same currency, amount within 1 %, each prediction used once."""
    pairs, used = [], set()
    for g in gold:
        for i, p in enumerate(pred):
            if i not in used and p["currency"] == g["currency"] and abs(p["amount"] - g["amount"]) <= 0.01 * g["amount"]:
                pairs.append((p, g))
                used.add(i)
                break
    return pairs


@pytest.mark.parametrize("gold_file", _cases())
def test_article(gold_file):
    gold = json.loads(gold_file.read_text(encoding="utf-8"))
    text = gold_file.with_suffix(".txt").read_text(encoding="utf-8")
    published = date.fromisoformat(gold["published"])
    pred = [p.to_dict() for p in extract_pledges(text, published)]
    pairs = _match(pred, gold["records"])
    assert (len(pairs), len(pred)) == (len(gold["records"]),) * 2
    for p, g in pairs:
        got = (sorted(p["donors"]), p["kind"], p["aid_type"], p["qualifier"])
        assert got == (sorted(g["donors"]), g["kind"], g["aid_type"], g.get("qualifier", "exact")), g["quote"]
        if g.get("date"):
            assert abs((date.fromisoformat(p["date"]) - date.fromisoformat(g["date"])).days) <= 1, g["quote"]
        if g.get("period"):
            assert p["period"] == g["period"], g["quote"]
        # Categories as tools/score.py scores them (at least one in common), from the
        # schema's list, and exactly `general` for non-military aid as the schema says.
        assert set(p["categories"]) & set(g["categories"]), (p["categories"], g["quote"])
        assert set(p["categories"]) <= set(CATEGORIES), p["categories"]
        if g["aid_type"] != "military":
            assert p["categories"] == ["general"], (p["categories"], g["quote"])
        assert p["quote"] == g["quote"]
        assert text[p["start"]:p["end"]] == p["quote"]


# The later held-out sets, each held to a bar as a whole: the extraction issue's (amount F1
# 0.95; donors 90 %, kind 85 %, aid type 90 %, date 90 %) for the sets whose fixes have
# settled; the newest sets at about the level they reached after tuning (their READMEs).
ISSUE_BAR = {"f1": 0.95, "donors": 0.9, "kind": 0.85, "aid_type": 0.9, "date": 0.9}
NEWEST_BAR = {"f1": 0.90, "donors": 0.85, "kind": 0.85, "aid_type": 0.9, "date": 0.85}
# folder -> articles it holds, its bar, and whether it is frozen (never tuned on; its bar
# is its recorded blind score). Every set up to heldout10 was tuned on.
SETS = {
    "heldout2": {"articles": 20, "bar": ISSUE_BAR, "frozen": False},
    "heldout3": {"articles": 20, "bar": ISSUE_BAR, "frozen": False},
    "heldout4": {"articles": 20, "bar": NEWEST_BAR, "frozen": False},
    "heldout5": {"articles": 16, "bar": NEWEST_BAR, "frozen": False},
    "heldout6": {"articles": 12, "bar": {**NEWEST_BAR, "kind": 0.8}, "frozen": False},  # its kinds not yet worked on
    "heldout7": {"articles": 12, "bar": {**NEWEST_BAR, "f1": 0.85}, "frozen": False},  # tables and claimed totals left
    "heldout8": {"articles": 12, "bar": {**NEWEST_BAR, "f1": 0.80, "kind": 0.8}, "frozen": False},  # a donor table, spoken amounts left
    "heldout9": {"articles": 12, "bar": NEWEST_BAR, "frozen": False},
    "heldout10": {"articles": 10, "bar": NEWEST_BAR, "frozen": False},
    # Frozen: its blind score (P 0.67, R 0.98, F1 0.80; its README), rounded down.
    "heldout11": {"articles": 12, "bar": {"f1": 0.79, "donors": 0.95, "kind": 0.84, "aid_type": 0.97, "date": 0.92},
                  "frozen": True},
}
FROZEN = [name for name, entry in SETS.items() if entry["frozen"]]


@pytest.mark.parametrize("name", list(PER_ARTICLE))
def test_every_article_set_is_all_there(name):
    """A folder checked article by article holds all its articles, each with its text."""
    folder, articles = PER_ARTICLE[name]
    golds = sorted(folder.glob("*.json"))
    assert (len(golds), [g.stem for g in golds if not g.with_suffix(".txt").is_file()]) == (articles, [])


def test_every_held_out_folder_is_listed():
    """A held-out folder that no test reads would go unmeasured without a word."""
    folders = {p.name for p in FIXTURES.glob("heldout*") if p.is_dir()}
    assert folders == {"heldout"} | set(SETS)


@pytest.mark.parametrize("folder", list(SETS))
def test_later_heldout_set_meets_the_quality_bar(folder):
    """A later held-out set (tests/fixtures/heldout2..) as a whole, at its bar: amount F1
    and the share of matched records with the right donors, kind, aid type and date (within
    a day). Some labels there are judgement calls, so the bar applies to the set, not to
    each article. A listed set whose folder is missing or short fails."""
    bar = SETS[folder]["bar"]
    files = sorted((FIXTURES / folder).glob("*.json"))
    assert len(files) == SETS[folder]["articles"], (folder, len(files))
    found = expected = matched = dated = 0
    right = dict.fromkeys(("donors", "kind", "aid_type", "date"), 0)
    for gold_file in files:
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        text = gold_file.with_suffix(".txt").read_text(encoding="utf-8")
        pred = [p.to_dict() for p in extract_pledges(text, date.fromisoformat(gold["published"]))]
        pairs = _match(pred, gold["records"])
        found, expected, matched = found + len(pred), expected + len(gold["records"]), matched + len(pairs)
        for p, g in pairs:
            right["donors"] += sorted(p["donors"]) == sorted(g["donors"])
            right["kind"] += p["kind"] == g["kind"]
            right["aid_type"] += p["aid_type"] == g["aid_type"]
            if g.get("date"):
                dated += 1
                right["date"] += bool(p["date"]) and abs(
                    (date.fromisoformat(p["date"]) - date.fromisoformat(g["date"])).days) <= 1
    precision, recall = matched / found, matched / expected
    scores = {k: v / (dated if k == "date" else matched) for k, v in right.items()}
    f1 = 2 * precision * recall / (precision + recall)
    assert f1 >= bar["f1"], (f1, precision, recall)
    assert all(scores[field] >= bar[field] for field in scores), scores
