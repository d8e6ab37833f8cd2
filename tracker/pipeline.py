"""From articles to the store: reads files, runs the extractor (in worker
processes for a large batch) and saves what it found; files of reviewed
records are read and stored as they are. The one level that calls both the
readers and the extractor, and the store.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from datetime import date, datetime

from tracker.errors import InputError, TrackerError
from tracker.reading.files import Article, article_paths, load_article
from tracker.reading.records import import_paths, read_records
from tracker.records.pledge import Pledge
from tracker.store.imports import ImportResult, import_batch
from tracker.store.ingest import IngestResult, save_article, stored_sources
from tracker.store.schema import Store, _database_errors, source_id

# Asks a person for the publication date of the article it names; see `ingest_paths`.
AskDate = Callable[[str], date]


def _publication_date(article: Article, published: date | None, ask_date: AskDate | None = None) -> date:
    when = published or article.published
    if when is None:
        name = article.path or article.url or "the article"
        if ask_date is None:
            raise InputError(f"no publication date for {name}: give it with --published YYYY-MM-DD")
        when = ask_date(name)
    if isinstance(when, datetime):
        when = when.date()
    return when


def _extracted(article: Article, when: date) -> list[Pledge]:
    try:
        from tracker.extract.decide import extract_pledges
    except ModuleNotFoundError as e:
        if e.name not in ("tracker.extract", "tracker.extract.decide"):
            raise
        raise TrackerError("the extractor (tracker.extract) is not installed; pass the pledges in") from None

    return extract_pledges(article.text, published=when)


def ingest_article(store: Store, article: Article, published: date | None = None, url: str | None = None,
                   pledges: list[Pledge] | None = None, statuses: list[str] | None = None,
                   originals: list[Pledge | None] | None = None, ask_date: AskDate | None = None) -> IngestResult:
    """Store one article and its pledges in one transaction: extracted from
    its text unless `pledges` (with `statuses`) are given. The same article
    again adds nothing; the same pledge from another outlet joins the stored one.
    `originals`, beside `pledges`, are the records as extracted before a
    reviewer edited them: what an edit changed goes to the history. An
    article without a date is an error unless `ask_date` gives one."""
    when = _publication_date(article, published, ask_date)
    if not article.text or not article.text.strip():
        raise InputError(f"{article.path or url or 'the article'} has no text")
    records = _extracted(article, when) if pledges is None else list(pledges)
    return save_article(store, article, when, url, records, statuses, originals)


def _extract_text(text: str, when: date) -> list[Pledge]:
    """The extractor on one text; a top-level function so worker processes can run it."""
    return _extracted(Article(text=text), when)


def _extract_all(jobs: list[tuple[str, date]], workers: int):
    """The records of each (text, date), in order: in worker processes for a
    large batch (extraction is the slow step of an ingest), else here."""
    if workers <= 1 or len(jobs) < PARALLEL_FROM:
        for text, when in jobs:
            yield _extract_text(text, when)
        return
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    # "spawn": a fresh interpreter per worker, safe in a process with threads (the dashboard).
    pool = ProcessPoolExecutor(workers, mp_context=get_context("spawn"))
    try:
        yield from pool.map(_extract_text, [t for t, _ in jobs], [w for _, w in jobs], chunksize=8)
    finally:  # on an error, drop the work not yet started instead of waiting for it
        pool.shutdown(wait=True, cancel_futures=True)


# Batches of at least this many new articles are extracted in worker processes.
PARALLEL_FROM = 64


@_database_errors
def ingest_paths(store: Store, paths, published: date | None = None, url: str | None = None,
                 workers: int | None = None, ask_date: AskDate | None = None,
                 progress: Callable[..., Iterable] | None = None) -> list[IngestResult]:
    """Ingest article files and folders. Every file is read and dated before
    anything is written, so bad input leaves the store unchanged; articles
    already stored are reported without extracting them again; each new
    article lands in its own transaction. `workers` (default: the CPUs, at
    most 4) extract large batches in parallel.

    An article with no date of its own, when `published` gives none either, is
    an error unless `ask_date(name)` returns one (it may raise to stop). `progress`,
    called as `progress(iterable, total=n)`, wraps the loop over the new articles
    (a progress bar's constructor, such as tqdm's)."""
    files = article_paths(paths)
    if url and len(files) != 1:
        raise InputError(f"--url names the source of one file, but {len(files)} were given")
    prepared = []
    for f in files:
        article = load_article(f)
        when = _publication_date(article, published, ask_date)
        if not article.text.strip():
            raise InputError(f"{f} has no text")
        prepared.append((article, when, source_id(article.text)))
    known = stored_sources(store, list({src for _, _, src in prepared}))
    fresh = [(a, w) for a, w, src in prepared if src not in known]
    records = _extract_all([(a.text, w) for a, w in fresh], workers or min(os.cpu_count() or 1, 4))
    by_article = {}
    try:
        for article, when in (progress(fresh, total=len(fresh)) if progress else fresh):
            by_article[id(article)] = ingest_article(store, article, when, url, pledges=next(records))
    finally:
        records.close()
    return [by_article.get(id(article)) or IngestResult(source_id=src, duplicate=True, name=str(article.path))
            for article, _, src in prepared]


def import_files(store: Store, paths) -> list[ImportResult]:
    """Import files and folders of reviewed records (CSV or JSON: an export,
    a spreadsheet, a report's records), one transaction a file; every file
    is read and checked before any is stored."""
    return import_batch(store, [read_records(f) for f in import_paths(paths)])
