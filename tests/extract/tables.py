"""What the tables of phrasings of tests/extract/test_*.py read a text with: the publication
day their relative dates hang on, and the records of a sentence whatever their confidence."""
from datetime import date

from tracker.extract.decide import extract_pledges

PUB = date(2025, 4, 11)  # a Friday


def one(text, published=PUB):
    """The one record a sentence gives, whatever its confidence: a sentence alone lacks the article
    that names the giver or Ukraine, and these tables test the fields, not that decision
    (test_evidence.py tests it)."""
    records = extract_pledges(text, published, min_confidence=0)
    assert len(records) == 1, [r.to_dict() for r in records]
    return records[0]


def every(text, published=PUB):
    """The records of a few sentences, whatever their confidence (as `one`)."""
    return extract_pledges(text, published, min_confidence=0)
