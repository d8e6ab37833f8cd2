"""The project's error hierarchy: every class says when it is raised.

Callers (the CLI, the dashboard) catch `TrackerError` and show its message;
nothing here prints or exits.
"""


class TrackerError(Exception):
    """Base of every error the tracker raises on purpose."""


class InputError(TrackerError):
    """Raised when an article, file, date or option cannot be read as given
    (missing, binary, too large, badly encoded, malformed)."""


class UnknownRateError(TrackerError):
    """Raised when an amount must be converted but no exchange rate is known
    for its currency on (or just before) the date asked for."""

    def __init__(self, currency: str, on):
        self.currency = currency
        self.on = on
        super().__init__(f"no exchange rate for {currency} on {on}")
