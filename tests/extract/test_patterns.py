"""Every pattern a decision module compiles at its top fires while the extractor reads the texts
the tests read: the fixture articles, the seeds, and every string written in a test. A pattern
that matches nothing there is a rule no test would notice going wrong: it gets a phrasing of its
own in its module's table test, or it goes (as test_cues.py asks of the cue phrases)."""
import ast
import importlib
import json
import pkgutil
import re
from datetime import date
from types import SimpleNamespace

from conftest import ROOT

import tracker.extract
from tracker.extract.decide import extract_pledges

# The modules that decide, and those that only read the text for them (amounts, dates, names, cues).
DECISIONS = ("sentences", "context", "support", "giver", "kind", "aid", "when", "restate", "decide")
READERS = ("_money_data", "conversions", "dates", "evidence", "money", "taxonomy", "text")
PUB = date(2025, 4, 11)


def compiled_at_top(module) -> dict[str, re.Pattern]:
    """name -> pattern, for each `NAME = re.compile(...)` at the top of the module's source."""
    tree = ast.parse(open(module.__file__, encoding="utf-8").read())
    names = [node.targets[0].id for node in tree.body
             if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call)
             and ast.unparse(node.value.func) == "re.compile"]
    return {name: getattr(module, name) for name in names}


class Watched:
    """A pattern that notes its name in `fired` whenever it finds a match."""

    def __init__(self, name: str, pattern: re.Pattern, fired: set[str]):
        self._name, self._pattern, self._fired = name, pattern, fired

    def _note(self, match):
        if match is not None:
            self._fired.add(self._name)
        return match

    def search(self, *args):
        return self._note(self._pattern.search(*args))

    def match(self, *args):
        return self._note(self._pattern.match(*args))

    def fullmatch(self, *args):
        return self._note(self._pattern.fullmatch(*args))

    def finditer(self, *args):
        for m in self._pattern.finditer(*args):
            yield self._note(m)

    def sub(self, repl, text, *args):
        out, n = self._pattern.subn(repl, text, *args)
        if n:
            self._fired.add(self._name)
        return out

    def __getattr__(self, name):  # .pattern, .flags, ...
        return getattr(self._pattern, name)


def fired(patterns: dict[str, re.Pattern], holders: list, read) -> set[str]:
    """The names of `patterns` that find a match while `read()` runs: each pattern is watched in
    every module of `holders` that holds it (a module that imports it from another too)."""
    found: set[str] = set()
    by_id = {id(p): name for name, p in patterns.items()}
    swapped = []
    for module in holders:
        for attr, value in list(vars(module).items()):
            if id(value) in by_id and isinstance(value, re.Pattern):
                swapped.append((module, attr, value))
                setattr(module, attr, Watched(by_id[id(value)], value, found))
    try:
        read()
    finally:
        for module, attr, value in swapped:
            setattr(module, attr, value)
    return found


def texts() -> list[tuple[str, date]]:
    """Every fixture and seed text with its publication day (from its gold file, if any), and every
    string written in a test, as they are: patterns may tell capitals from small letters."""
    out = []
    for path in sorted((ROOT / "tests" / "fixtures").rglob("*.txt")) + sorted((ROOT / "seeds").glob("*.txt")):
        gold, published = path.with_suffix(".json"), PUB
        if gold.exists():
            try:
                published = date.fromisoformat(json.loads(gold.read_text(encoding="utf-8"))["published"])
            except (KeyError, TypeError, ValueError):
                pass
        out.append((path.read_text(encoding="utf-8"), published))
    for path in sorted((ROOT / "tests").rglob("test_*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                out.append((node.value, PUB))
    return out


def extract_modules() -> dict[str, object]:
    return {info.name: importlib.import_module(f"tracker.extract.{info.name}")
            for info in pkgutil.iter_modules(tracker.extract.__path__)}


def test_every_module_of_the_extractor_decides_or_reads():
    assert sorted(extract_modules()) == sorted(DECISIONS + READERS)


def test_every_pattern_of_the_decisions_fires_on_some_text():
    modules = extract_modules()
    patterns = {f"{name}.{attr}": p for name in DECISIONS for attr, p in compiled_at_top(modules[name]).items()}
    assert len(patterns) > 50  # the check sees the patterns

    def read():
        for text, published in texts():
            extract_pledges(text, published, min_confidence=0)

    found = fired(patterns, list(modules.values()), read)
    assert sorted(set(patterns) - found) == []


def test_a_dead_pattern_is_found():
    module = SimpleNamespace(LIVE=re.compile(r"\bpledg\w*"), DEAD=re.compile("zzqx" + " never written"))
    patterns = {"LIVE": module.LIVE, "DEAD": module.DEAD}
    found = fired(patterns, [module], lambda: [p.search("Norway pledged NOK 5bn.") for p in (module.LIVE, module.DEAD)])
    assert found == {"LIVE"} and isinstance(module.DEAD, re.Pattern)  # and each pattern is put back
