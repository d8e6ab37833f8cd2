"""From articles to the store: reads files, runs the extractor (in worker
processes for a large batch) and saves what it found; files of reviewed
records are read and stored as they are. The one level that calls both the
readers and the extractor, and the store.
"""
from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterable
from datetime import date, datetime

from tracker.errors import InputError, TrackerError
from tracker.reading.files import Article, find_articles, load_article
from tracker.reading.records import import_paths, read_records
from tracker.records.bounds import check_date
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
    return check_date(when, f"the publication date of {article.path or article.url or 'the article'}")


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
    """The records of each (text, date), in order, or the exception the extractor
    raised on it (a failure on one text does not stop the others): in worker
    processes for a large batch (extraction is the slow step of an ingest), else here."""
    if workers <= 1 or len(jobs) < PARALLEL_FROM:
        for text, when in jobs:
            try:
                yield _extract_text(text, when)
            except Exception as e:  # any failure is reported against its file
                yield e
        return
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    # "spawn": a fresh interpreter per worker, safe in a process with threads (the dashboard).
    pool = ProcessPoolExecutor(workers, mp_context=get_context("spawn"), initializer=_end_with_parent,
                               initargs=(os.getpid(),))
    try:
        # Submitted a few ahead of the one awaited: the texts wait here, not in the workers' queue.
        ahead = workers * 4
        futures = [pool.submit(_extract_text, text, when) for text, when in jobs[:ahead]]
        for i in range(len(jobs)):
            if i + ahead < len(jobs):
                futures.append(pool.submit(_extract_text, *jobs[i + ahead]))
            try:
                yield futures[i].result()
            except Exception as e:  # a worker that died fails only what it had not done
                yield e
            futures[i] = None
    finally:  # on an error, drop the work not yet started instead of waiting for it
        pool.shutdown(wait=True, cancel_futures=True)


def _end_with_parent(parent: int) -> None:
    """In a worker: end when the process that started it ends, even by kill -9, which
    leaves no chance to stop the workers (they would run on, and so would
    multiprocessing's resource tracker that waits for them)."""
    def watch():
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="end-with-parent", daemon=True).start()


def _failure(error: BaseException) -> str:
    """An exception as a short reason.

    >>> _failure(ValueError("bad thing\\nmore"))
    'ValueError: bad thing'
    """
    first = str(error).strip().splitlines()[0][:200] if str(error).strip() else ""
    return f"{type(error).__name__}: {first}" if first else type(error).__name__


# Batches of at least this many new articles are extracted in worker processes.
PARALLEL_FROM = 64


@_database_errors
def ingest_paths(store: Store, paths, published: date | None = None, url: str | None = None,
                 workers: int | None = None, ask_date: AskDate | None = None,
                 progress: Callable[..., Iterable] | None = None) -> list[IngestResult]:
    """Ingest article files and folders, one result per file. Every file is
    read and dated before anything is written, so unreadable input leaves the
    store unchanged; articles already stored are reported without extracting
    them again. Each new article then lands in its own transaction, whole or
    not at all: one the extractor or the store fails on gets a result with its
    `error` and the others are stored still, as is any link in a folder that
    leads out of it (not followed). `workers` (default: the CPUs, at most 4)
    extract large batches in parallel.

    An article with no date of its own, when `published` gives none either, is
    an error unless `ask_date(name)` returns one (it may raise to stop). `progress`,
    called as `progress(iterable, total=n)`, wraps the loop over the new articles
    (a progress bar's constructor, such as tqdm's)."""
    files, passed_over = find_articles(paths)
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
            found = next(records)
            name = str(article.path)
            if isinstance(found, BaseException):
                by_article[id(article)] = IngestResult(source_id=source_id(article.text), name=name,
                                                       error=f"the extractor failed on it ({_failure(found)})")
                continue
            try:
                by_article[id(article)] = ingest_article(store, article, when, url, pledges=found)
            except TrackerError as e:
                by_article[id(article)] = IngestResult(source_id=source_id(article.text), name=name, error=str(e))
            except Exception as e:  # reported against its file; the others go on
                by_article[id(article)] = IngestResult(source_id=source_id(article.text), name=name,
                                                       error=f"saving it failed ({_failure(e)})")
    finally:
        records.close()
    results = [by_article.get(id(article)) or IngestResult(source_id=src, duplicate=True, name=str(article.path))
               for article, _, src in prepared]
    return results + [IngestResult(source_id="", name=str(path), error=why) for path, why in passed_over]


def import_files(store: Store, paths) -> list[ImportResult]:
    """Import files and folders of reviewed records (CSV or JSON: an export,
    a spreadsheet, a report's records), one transaction a file; every file
    is read and checked before any is stored."""
    return import_batch(store, [read_records(f) for f in import_paths(paths)])
