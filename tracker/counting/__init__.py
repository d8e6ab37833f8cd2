"""Counting: which pledges add up to a total and which are only shown beside the
sums (meeting totals, running totals, parts of a larger pledge). Works on frames
of records; imports only `tracker.records` and `tracker.errors`.
"""
