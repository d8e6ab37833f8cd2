"""Records as a pandas frame: the spec's columns, and the amounts converted to
the normalised currencies at each announcement date.
"""
from __future__ import annotations

import pandas as pd

from tracker.records.fx import normalise_frame
from tracker.records.pledge import FRAME_COLUMNS, NORMALISED, Pledge


def pledges_to_frame(pledges: list[Pledge]) -> pd.DataFrame:
    """Records as a frame with the spec's columns and the amounts converted to
    EUR, USD and GBP at each announcement date (see `tracker.records.fx.normalise_frame`)."""
    rows = [{"id": p.id, **p.to_dict()} for p in pledges]
    frame = pd.DataFrame(rows, columns=[c for c in FRAME_COLUMNS if c not in NORMALISED])
    frame["date"] = pd.to_datetime(frame["date"])
    frame["amount"] = frame["amount"].astype(float)
    return normalise_frame(frame)
