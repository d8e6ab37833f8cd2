"""What every reader of text shares: case folding as `re.I` folds, and the
names of the months (the extractor's dates, the cues and a dateline's reader
all use these; nothing here imports the rest of the tracker).
"""
from __future__ import annotations

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december")
# A month's name as written, full or shortened ("Sept", "Sep", "September"), for case-insensitive
# patterns; a trailing abbreviation dot is each pattern's own business.
MONTH_NAME = (r"Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?"
              r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?")

# Letters `re.I` matches to an ASCII letter though str.lower() leaves them be ("ſ" is an
# "s" to it, "ı" an "i"), and "İ", which lower() turns into two characters. (The Kelvin
# sign, a "k" to `re.I`, is one to lower() as well.)
_FOLD_ODD_CASE = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s"})


def fold_case(text: str) -> str:
    """`text` in lower case letter for letter, as `re.I` compares it, so that a test for a
    substring of it can rule out a case-insensitive pattern before the pattern is run.

    >>> fold_case("Mrd İN ſome")
    'mrd in some'
    """
    if not text.isascii() and ("\u0130" in text or "\u0131" in text or "\u017f" in text):
        return text.translate(_FOLD_ODD_CASE).lower()
    return text.lower()
