"""The pledge tracker: support pledges to Ukraine, from articles to records.

    >>> from tracker import extract_pledges, pledges_to_frame
"""
from tracker.records.frame import pledges_to_frame
from tracker.records.pledge import Pledge


def extract_pledges(text, published=None):
    """Every pledge in an article's text: see `tracker.extract.extract_pledges`."""
    from tracker.extract.decide import extract_pledges as _extract

    return _extract(text, published=published)


__all__ = ["Pledge", "extract_pledges", "pledges_to_frame"]
