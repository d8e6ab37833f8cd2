"""Hostile text is read in steps linear in its length (issue 16): each family of text
below, doubled, costs the extractor at most 2.5 times the steps, where work that
grows with the square of the text would cost 4 times. Steps are the lines of
tracker's code that run, counted with a trace function, so the test does not
depend on the machine's speed; benchmarks/hostile_bench.py times the same
families and more at larger sizes."""
from __future__ import annotations

import sys
from datetime import date

import pytest

from tracker.extract import sentences
from tracker.extract.decide import extract_pledges
from tracker.extract.restate import RECALL
from tracker.extract.sentences import REACH, split_sentences
from tracker.extract.taxonomy import word_keys

PUB = date(2025, 3, 12)

# name -> (text of about n characters, n); each was quadratic before issue 16
FAMILIES = {
    # every date compared with every date read before it in the sentence
    "dates": (lambda n: "on 3 March 2025 " * (n // 16) + "£5m", 3000),
    # every "a week later" looked back over every date before it for the last one with a day
    "relative_dates": (lambda n: "on Friday and a week later " * (n // 27) + "£5m", 3000),
    # every amount of a long sentence scanned every name in it
    "names_and_amounts": (lambda n: "Germany gave £5m, " * (n // 18), 3000),
    # every sentence compared with every correction line
    "corrections": (lambda n: "Correction: Germany gave £5m on Friday.\n" * (n // 40), 3000),
    # every line ending in a colon read every line after it as its list
    "colon_lines": (lambda n: "Germany gives £5m for:\n" * (n // 23), 3000),
    # every record compared with every record before it
    "records": (lambda n: "".join(f"UK gave €{i}m. " for i in range(10, 10 + n // 15)), 15 * 8 * RECALL),
    # every amount of a headline compared with every conversion in the body
    "headline_amounts": (lambda n: "£5m " * (n // 8) + "\n" + "Britain gave £5m (about $6m). " * (n // 60), 6000),
}


def _steps(text: str) -> int:
    """The lines of tracker's code that run to read `text` (and the calls into other code)."""
    word_keys.cache_clear()  # the one cache keyed by text: a repeated phrase would cost less the second time
    count = 0

    def line(frame, event, arg):
        nonlocal count
        count += 1
        return line

    def call(frame, event, arg):
        nonlocal count
        count += 1
        return line if "/tracker/" in frame.f_code.co_filename.replace("\\", "/") else None

    sys.settrace(call)
    try:
        extract_pledges(text, PUB)
    finally:
        sys.settrace(None)
    return count


@pytest.mark.parametrize("family", FAMILIES)
def test_doubling_a_hostile_text_at_most_doubles_the_steps(family):
    make, n = FAMILIES[family]
    _steps(make(500))  # patterns compiled and rates loaded before counting
    small, large = _steps(make(n)), _steps(make(2 * n))
    assert large <= 2.5 * small, (small, large, large / small)


def test_an_over_long_sentence_is_read_in_pieces_that_give_what_the_whole_sentence_gives(monkeypatch):
    # 80 amounts in one sentence of some 4,000 characters: each read once, with its donor and date
    countries = ["Germany", "France", "Poland", "Norway"] * 20
    clauses = [f"{country} will give €{i + 1} million for demining" for i, country in enumerate(countries)]
    text = "It was agreed on Friday that " + ", and on 3 March ".join(clauses) + "."
    assert len(text) > 2 * sentences._LONGEST_SENTENCE
    pieces = split_sentences(text)
    assert len(pieces) > 2 and all(len(p.text) <= sentences._LONGEST_SENTENCE + 2 * REACH for p in pieces)
    records = [(r.donors, r.amount, r.date, r.categories) for r in extract_pledges(text, PUB)]
    assert [r[:2] for r in records] == [([code], (i + 1) * 1e6) for i, code in
                                        enumerate(["DEU", "FRA", "POL", "NOR"] * 20)]
    monkeypatch.setattr(sentences, "_LONGEST_SENTENCE", len(text))
    assert len(split_sentences(text)) == 1
    assert [(r.donors, r.amount, r.date, r.categories) for r in extract_pledges(text, PUB)] == records
