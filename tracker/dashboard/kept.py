"""The opening view kept on disk between server starts: what the Overview shows
with no filters (its figures, chart data and the sidebar's donors), written by
the start-up warm-up once it has counted them, read back by the next server
that finds the same data and the same code.

A server starting on a store it has seen before then draws its first chart
without reading every pledge first; the whole store is read after that first
chart. Anything else (another store, data changed since, other code, a file
that cannot be read) means nothing is kept, and the view is counted as before.

The file lives in the user's cache folder (TRACKER_CACHE_DIR, else
$XDG_CACHE_HOME/pledge-tracker, else ~/.cache/pledge-tracker), made readable by
its owner only: it is a pickle, and only this program writes it.
"""
from __future__ import annotations

import hashlib
import logging
import os
import pickle
import tempfile
from functools import cache
from pathlib import Path

import tracker

log = logging.getLogger(__name__)
# The code whose output is kept: a change to any of it makes the kept view stale.
_CODE_SUFFIXES = (".py", ".toml", ".csv", ".json")


def cache_dir() -> Path:
    """Where kept views are written (created on first use, owner only)."""
    chosen = os.environ.get("TRACKER_CACHE_DIR")
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "pledge-tracker"


@cache
def code_stamp() -> str:
    """A hash of the tracker package's code and data files, as this server runs them."""
    root = Path(tracker.__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.suffix in _CODE_SUFFIXES and p.is_file()):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _path(store_url: str) -> Path:
    return cache_dir() / f"opening-{hashlib.sha256(store_url.encode()).hexdigest()[:20]}.pickle"


def read(store_url: str, version: tuple) -> dict | None:
    """What was kept for this store at this `version` of its data by this code,
    else None."""
    path = _path(store_url)
    try:
        with path.open("rb") as f:
            kept = pickle.load(f)
    except FileNotFoundError:
        return None
    except Exception as error:  # a file cut short or from another pickle format: counted afresh
        log.warning("could not read the kept opening view %s: %s", path, error)
        return None
    if not isinstance(kept, dict) or (kept.get("code"), kept.get("version")) != (code_stamp(), tuple(version)):
        return None
    return kept.get("views")


def write(store_url: str, version: tuple, views: dict) -> Path | None:
    """Keep `views` for this store at this `version` of its data (replacing
    what was kept for it before); None when the cache folder cannot be written."""
    folder = cache_dir()
    part = None
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=folder, delete=False, suffix=".part") as f:
            part = Path(f.name)
            pickle.dump({"code": code_stamp(), "version": tuple(version), "views": views}, f,
                        protocol=pickle.HIGHEST_PROTOCOL)
        path = _path(store_url)
        os.replace(part, path)
        return path
    except OSError as error:
        log.warning("could not keep the opening view in %s: %s", folder, error)
        if part is not None:
            part.unlink(missing_ok=True)
        return None
