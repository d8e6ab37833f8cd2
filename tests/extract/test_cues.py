"""Every cue phrase of tracker/extract/cues.toml fires on some text the tests read: a fixture article,
a seed, or a phrasing written in a test. A cue that matches nothing anywhere is dead
weight that no test would notice going wrong, so it goes (or gets its test case)."""
import ast
import re
from functools import lru_cache

from conftest import ROOT

from tracker.extract.taxonomy import _compile_cues, load_cues, search_words
from tracker.extract.text import fold_case


@lru_cache(maxsize=1)
def texts() -> str:
    """Every fixture and seed text, and every string written in a test, case-folded."""
    parts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests" / "fixtures").rglob("*.txt"))]
    parts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    for path in sorted((ROOT / "tests").rglob("test_*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                parts.append(node.value)
    return fold_case("\n\n".join(parts))


def phrases():
    """(section.list, phrase) for every cue phrase, weighted ones by their phrase."""
    for section, lists in load_cues().items():
        for key, items in lists.items():
            if key == "repair_masks":  # category names, not phrases
                continue
            for item in items:
                yield f"{section}.{key}", item[0] if isinstance(item, list) else item


# A phrase ending in $ is read just before an amount: in a whole text, it must be followed by one
AMOUNT_NEXT = (r"(?=[\s(\"“]*(?:[$€£¥₩]|\d|(?:a |an |one |half a |some |about |over |nearly |more than )?"
               r"(?:nok|sek|dkk|chf|usd|eur|gbp|cad|aud|pln|czk|uah|us\$|c\$|a\$|nz\$|kč|zł)\b"
               r"|(?:one|two|three|four|five|six|seven|eight|nine|ten|hundreds?|dozens?|a few|several|half a)\b))")


def in_text(phrase: str) -> str:
    """The phrase as it can match in a whole text: ^ (the start of a window) dropped, a final $
    (the end of one, where an amount starts) as a look-ahead for an amount."""
    if phrase.startswith("^"):
        phrase = phrase[1:]
    if phrase.endswith("$") and not phrase.endswith("\\$"):
        phrase = phrase[:-1] + AMOUNT_NEXT
    return phrase


def fires(phrase: str) -> bool:
    if phrase.endswith("$") and not phrase.endswith("\\$"):
        # read before an amount: the amount, not the end of a word, follows it
        return search_words(re.compile(f"(?:{in_text(phrase)})"), texts()) is not None
    return search_words(_compile_cues([in_text(phrase)]), texts()) is not None


def test_every_cue_fires_on_some_text():
    assert [(where, phrase) for where, phrase in phrases() if not fires(phrase)] == []


def test_a_dead_cue_is_found():
    assert fires("pledg\\w*") and fires("(?:has|have) (?:now )?(?:passed|surpassed)")
    assert fires("not (?:about |around |some |even )?$")
    assert not fires("zzqx" + " never written") and not fires("^zzqx" + " before an amount$")
