"""The command line: `python -m tracker extract|ingest|export|review ...`.

As thin as the dashboard: it parses options, calls tracker functions, prints.
Any `TrackerError` becomes one line on stderr and exit status 2.
"""
from __future__ import annotations

import argparse
import os
import json
import math
import sys
import warnings

from tracker.errors import InputError, TrackerError
from tracker.extract.evidence import MIN_CONFIDENCE

EXIT_BAD_INPUT = 2
# An ingest that stored some articles but not all (each one named in its report).
EXIT_NOT_ALL_STORED = 1


def _json_value(value):
    """Frame cells as JSON: NaN and NaT become null, timestamps ISO dates."""
    import pandas as pd

    if value is None or value is pd.NaT:
        return None
    if hasattr(value, "date") and hasattr(value, "isoformat"):
        return value.date().isoformat()
    if isinstance(value, float):
        if math.isnan(value):
            return None
        return int(value) if value.is_integer() else value
    if hasattr(value, "item"):
        return _json_value(value.item())
    return value


def frame_records(frame) -> list[dict]:
    """A pledge frame as JSON-ready dicts (the spec's fields, the normalised
    amounts, `fx_date`, `start` and `end`)."""
    columns = [c for c in frame.columns if c != "id"]
    return [{c: _json_value(row[c]) if not isinstance(row[c], list) else row[c] for c in columns}
            for row in frame.to_dict("records")]


def cmd_extract(args) -> int:
    from tracker.extract.decide import explain, extract_pledges
    from tracker.reading.files import load_article, parse_published
    from tracker.records.frame import pledges_to_frame

    published = parse_published(args.published) if args.published is not None else None
    if not 0 <= args.min_confidence <= 1:
        raise InputError(f"--min-confidence must be between 0 and 1, not {args.min_confidence}")
    # Read and dated the way ingest reads them; all read before anything is printed.
    articles = [load_article(path) for path in args.files]
    if args.explain:
        for path, article in zip(args.files, articles):
            decisions = explain(article.text, published or article.published, args.min_confidence)
            kept = sum(d.kept for d in decisions)
            print(f"{path}: {len(decisions)} money figure{'s' * (len(decisions) != 1)}, {kept} kept")
            for d in decisions:
                print(d.describe())
        return 0
    pledges, undated = [], []
    for path, article in zip(args.files, articles):
        for w in article.warnings:
            print(f"warning: {w}", file=sys.stderr)
        when = published or article.published
        if when is None:
            undated.append("standard input" if path == "-" else path)
        pledges += extract_pledges(article.text, published=when, min_confidence=args.min_confidence)
    if undated:
        print(f"warning: no publication date for {', '.join(undated)} (no sidecar .json, page metadata, front "
              f"matter or dateline): {'its' if len(undated) == 1 else 'their'} records are undated and not "
              "converted; give --published YYYY-MM-DD",
              file=sys.stderr)
    frame = pledges_to_frame(pledges)
    # Why each record was kept, and how sure: beside the spec's fields
    frame["evidence"] = [list(p.evidence) for p in pledges]
    frame["confidence"] = [p.confidence for p in pledges]
    if args.format == "json":
        json.dump(frame_records(frame), sys.stdout, ensure_ascii=False, indent=1)
        print()
    elif args.format == "csv":
        from tracker.export import to_csv
        from tracker.records.pledge import FRAME_COLUMNS

        # The writer of `export`: numbers as numbers (whole ones without '.0', others to the cent), and a
        # quote that opens with '=' is no formula in a spreadsheet.
        columns = [c for c in FRAME_COLUMNS if c != "id"] + ["evidence", "confidence"]
        sys.stdout.write(to_csv(frame, columns=columns))
    else:
        if frame.empty:
            print("no pledges found")
        for r in frame_records(frame):
            donors = "+".join(r["donors"]) or "?"
            print(f"{donors:<12} {r['currency']} {r['amount']:>16,.0f}  {r['qualifier']:<8} {r['kind']:<10} "
                  f"{r['aid_type']:<12} {r['date'] or '-':<10} {r['period'] or '-':<9} "
                  f"{','.join(r['categories'])}")
    return 0


def ask_date(name: str, read=None, write=None):
    """The publication date of `name`, asked for on the terminal (`read` and
    `write` default to standard input and standard error) until the answer is
    a date YYYY-MM-DD; an empty answer, or the end of the input, stops with the
    error a run without a terminal gets."""
    from tracker.reading.files import parse_published

    read = read or sys.stdin.readline
    write = write or sys.stderr
    while True:
        write.write(f"{name} has no publication date. Published on (YYYY-MM-DD, empty to stop): ")
        write.flush()
        answer = read()
        if not answer.strip():
            write.write("\n" if not answer else "")
            raise InputError(f"no publication date for {name}: give it with --published YYYY-MM-DD")
        try:
            return parse_published(answer)
        except InputError as e:
            write.write(f"{e}\n")


def _progress_bar():
    """A progress bar over the articles being read, shown on standard error
    when it is a terminal; None (no bar) when it is a file or a pipe."""
    if not sys.stderr.isatty():
        return None
    from functools import partial

    from tqdm import tqdm

    return partial(tqdm, desc="extracting", unit=" articles", file=sys.stderr, leave=False)


def cmd_ingest(args) -> int:
    from tracker.pipeline import ingest_article, ingest_paths
    from tracker.reading.files import parse_published
    from tracker.store.query import count_sources
    from tracker.store.schema import open_store

    published = parse_published(args.published) if args.published is not None else None
    if not args.paths and not args.url:
        raise InputError("give article files or folders to ingest, or --url to fetch a page")
    # On a terminal, an article without a date is asked for; elsewhere (a script, CI) it is an error.
    ask = ask_date if sys.stdin is not None and sys.stdin.isatty() else None
    to_import = _read_imports(args.import_files)  # checked before anything is stored
    with open_store(args.db) as store:
        if args.if_empty and count_sources(store):
            held = count_sources(store)
            print(f"the store already holds {held} report{'s' * (held != 1)}; nothing ingested")
            return 0
        if args.paths:
            results = ingest_paths(store, args.paths, published=published, url=args.url, ask_date=ask,
                                   progress=_progress_bar())
        else:
            try:
                from tracker.reading.fetch import fetch_article
            except ImportError:
                raise InputError("fetching pages is not available yet; save the page and ingest the file") from None
            article = fetch_article(args.url)
            results = [ingest_article(store, article, published=published, url=args.url, ask_date=ask)]
        for result in results:
            for w in result.warnings:
                print(f"warning: {w}", file=sys.stderr)
            print(result.describe())
        added = sum(r.added for r in results)
        stored = sum(r.stored for r in results)
        failed = [r for r in results if r.error]
        print(f"{stored} of {len(results)} article{'s' * (len(results) != 1)} stored, "
              f"{added} pledge{'s' * (added != 1)} added, "
              f"{sum(r.merged for r in results)} merged, {sum(r.conflicts for r in results)} in conflict"
              + (f"; {len(failed)} not stored: {', '.join(r.name for r in failed)}" if failed else ""))
        if to_import:
            _import(store, to_import)
    return EXIT_NOT_ALL_STORED if failed else 0


def _read_imports(paths) -> list:
    """Files and folders of reviewed records, read and checked."""
    from tracker.reading.records import import_paths, read_records
    from tracker.records.reviewed import check_links

    files = [read_records(f) for f in import_paths(paths)] if paths else []
    check_links(files)
    return files


def _import(store, files) -> None:
    from tracker.store.imports import import_batch

    results = import_batch(store, files)
    for result in results:
        print(result.describe())
    added = sum(r.added for r in results)
    print(f"{len(results)} file{'s' * (len(results) != 1)} imported, {added} pledge{'s' * (added != 1)} added, "
          f"{sum(r.linked for r in results)} joined a stored pledge, "
          f"{sum(r.unchanged for r in results)} already stored")


def cmd_import(args) -> int:
    from tracker.store.query import count_pledges, count_sources
    from tracker.store.schema import open_store

    with open_store(args.db) as store:
        if args.if_empty and (count_sources(store) or count_pledges(store, include_rejected=True)):
            held = count_pledges(store, include_rejected=True)
            print(f"the store already holds {held} pledge{'s' * (held != 1)}; nothing imported")
            return 0
        _import(store, _read_imports(args.files))
    return 0


def _donor_codes(value: str) -> str:
    """--donors as codes: each name or code must resolve to one donor code
    ('Norway' is NOR), else an error naming the codes expected."""
    from tracker.extract.taxonomy import GROUPS, resolve_donors

    codes, unknown = resolve_donors(value)
    if unknown or not codes:
        what = ", ".join(repr(u) for u in unknown) or repr(value)
        raise InputError(f"--donors {what}: no donor of that name; give ISO 3166 alpha-3 country codes "
                         f"(GBR, NOR, USA, ...) or {', '.join(sorted(GROUPS))}, comma-separated, "
                         "or a country's name (Norway)")
    return ",".join(codes)


def cmd_export(args) -> int:
    from tracker.export import to_csv, to_json, write_text, write_zip
    from tracker.store.query import load_pledges
    from tracker.store.schema import open_store

    if args.zip and not args.output:
        raise InputError("--zip writes a file: give its name with -o FILE")
    if args.donors is not None:
        args.donors = _donor_codes(args.donors)
    with open_store(args.db, read_only=True) as store:
        frame = load_pledges(store, donors=args.donors, since=args.since, until=args.until,
                             include_rejected=args.include_rejected)
    chosen = [f"donors {args.donors}" if args.donors else "", f"since {args.since}" if args.since else "",
              f"until {args.until}" if args.until else ""]
    if args.zip:
        write_zip(frame, args.output, description=", ".join(c for c in chosen if c) or "every pledge")
        print(f"wrote {len(frame)} pledges to {args.output}", file=sys.stderr)
        return 0
    text = to_json(frame) if args.format == "json" else to_csv(frame)
    if args.output:
        write_text(text, args.output)
        print(f"wrote {len(frame)} pledges to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def _shown(value) -> str:
    """A field's value as the review command prints it: lists ';'-joined, whole numbers grouped."""
    if isinstance(value, list):
        return ";".join(value)
    if isinstance(value, float) and value.is_integer():
        return f"{value:,.0f}"
    return "" if value is None else str(value)


def _amount(value: float, currency: str) -> str:
    return f"{currency} {value:,.0f}"


def _review_list(store, args) -> None:
    from tracker.store.review import review_queue

    queue = review_queue(store, limit=args.limit)
    if args.format == "json":
        json.dump([{k: _json_value(v) if not isinstance(v, list) else v for k, v in row.items()}
                   for row in queue.to_dict("records")], sys.stdout, ensure_ascii=False, indent=1)
        print()
        return
    if queue.empty:
        print("nothing awaits review")
        return
    for r in queue.itertuples():
        confidence = "-" if math.isnan(r.confidence) else f"{r.confidence:.2f}"
        day = "-" if r.date is None or r.date != r.date else f"{r.date:%Y-%m-%d}"
        print(f"{r.id}  v{r.version:<3} {confidence:>4}  {'+'.join(r.donors) or '?':<12} "
              f"{_amount(r.amount, r.currency):>22}  {r.kind:<10} {day:<10} {r.reports} report"
              f"{'s' * (r.reports != 1)}  {r.reasons}")
    print(f"{len(queue)} awaiting review")


def _review_show(store, args) -> None:
    from tracker.store.review import quote_context, review_item

    item = review_item(store, args.id)
    confidence = "typed by a person" if item["confidence"] is None else f"{item['confidence']:.2f}"
    print(f"pledge {item['id']}  version {item['version']}  status {item['status']}"
          f"{'  CONFLICT' if item['conflict'] else ''}{'  (merged into ' + item['merged_into'] + ')' if item['merged_into'] else ''}")
    for field in ("donors", "recipient", "amount", "currency", "qualifier", "kind", "aid_type", "categories",
                  "date", "period"):
        print(f"  {field:<11} {_shown(item[field])}")
    print(f"  confidence  {confidence}")
    for line in item["evidence"]:
        print(f"  evidence    {line}")
    if item["review_note"]:
        print(f"  note        {item['review_note']}")
    if item["reviewed_by"]:
        print(f"  reviewed by {item['reviewed_by']}")
    for n, r in enumerate(item["reports"], 1):
        print(f"report {n}: {' · '.join(str(x) for x in (r['outlet'], r['title'], r['published']) if x)}")
        print(f"  {r['url'] or r['path'] or '(no address)'}  (source {r['source_id']}, at {r['start']})")
        before, quote, after = quote_context(r["text"], r["start"], r["end"], r["quote"])
        print("  " + " ".join(f"{before}»{quote}«{after}".split()))
    if item["history"]:
        print("history:")
    for h in item["history"]:
        state = " (undone)" if h["undone"] else ""
        print(f"  #{h['id']} {h['when']:%Y-%m-%d %H:%M} {h['what']} by {h['who'] or 'ingest'}{state}: "
              f"{json.dumps(h['before'], ensure_ascii=False)} -> {json.dumps(h['after'], ensure_ascii=False)}")


def cmd_review(args) -> int:
    from tracker.store import review
    from tracker.store.schema import open_store

    if args.reviewer:
        os.environ["TRACKER_REVIEWER"] = args.reviewer
    with open_store(args.db) as store:
        if args.action == "list":
            _review_list(store, args)
        elif args.action == "show":
            _review_show(store, args)
        elif args.action in ("confirm", "reject"):
            done = getattr(review, args.action)(store, args.id, expected_version=args.version)
            print(f"{args.action}ed pledge {args.id}" if done else f"pledge {args.id} was {args.action}ed already")
        elif args.action == "edit":
            changes = {}
            for pair in args.changes:
                field, sep, value = pair.partition("=")
                if not sep:
                    raise InputError(f"give each change as FIELD=VALUE, not {pair!r}")
                changes[field.strip()] = review.parse_field(field.strip(), value)
            changed = review.update_pledge(store, args.id, expected_version=args.version, **changes)
            print(f"edited pledge {args.id}: " + (", ".join(f"{k} = {_shown(v)}" for k, v in changed.items())
                                                  if changed else "nothing changed"))
        elif args.action == "merge":
            done = review.merge(store, args.id, args.other,
                                expected_versions={args.id: args.version} if args.version else None)
            print(f"merged pledge {args.other} into {args.id}: {done['reports']} report"
                  f"{'s' * (done['reports'] != 1)} moved")
        elif args.action == "split":
            new = review.split(store, args.id, args.source, start=args.start, expected_version=args.version)
            print(f"split the report of source {args.source} off pledge {args.id}: now pledge {new}")
        elif args.action == "undo":
            print(review.undo(store, args.entry))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m tracker",
                                     description="Pledges of support to Ukraine, from articles to records.")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("extract", help="print the pledges found in articles")
    p.add_argument("--published", metavar="YYYY-MM-DD",
                   help="publication date that relative dates ('on Friday') hang on")
    p.add_argument("--format", choices=("json", "csv", "table"), default="table")
    p.add_argument("--min-confidence", type=float, default=MIN_CONFIDENCE, metavar="P",
                   help=f"leave out records less likely than this (0..1, default {MIN_CONFIDENCE})")
    p.add_argument("--explain", action="store_true",
                   help="list every money figure, kept or dropped, with the rules and words that decided it")
    p.add_argument("files", nargs="+", metavar="FILE", help="text, Markdown or HTML files; - for standard input")
    p.set_defaults(run=cmd_extract)

    p = sub.add_parser("ingest", help="store articles and their pledges")
    p.add_argument("--db", metavar="URL", help="SQLAlchemy URL or SQLite file (default: $TRACKER_DB, else data/tracker.db)")
    p.add_argument("--published", metavar="YYYY-MM-DD",
                   help="publication date, when the articles do not carry one")
    p.add_argument("--url", metavar="URL", help="with no PATH: fetch this page; with one PATH: the file's address")
    p.add_argument("--if-empty", action="store_true", help="ingest only when the store holds no report yet")
    p.add_argument("--import", dest="import_files", action="append", default=[], metavar="FILE",
                   help="then import reviewed records from this file or folder (see import); may be repeated")
    p.add_argument("paths", nargs="*", metavar="PATH", help=".txt, .md or .html files, or folders of them")
    p.set_defaults(run=cmd_ingest)

    p = sub.add_parser("import", help="store reviewed records from a CSV or JSON export or a report's records file")
    p.add_argument("--db", metavar="URL", help="SQLAlchemy URL or SQLite file (default: $TRACKER_DB, else data/tracker.db)")
    p.add_argument("--if-empty", action="store_true", help="import only when the store holds nothing yet")
    p.add_argument("files", nargs="+", metavar="FILE",
                   help=".csv or .json files (an export, or a report's url, published and records), or folders of them")
    p.set_defaults(run=cmd_import)

    p = sub.add_parser("export", help="write the stored pledges as CSV, JSON or a zip")
    p.add_argument("--db", metavar="URL", help="SQLAlchemy URL or SQLite file (default: $TRACKER_DB, else data/tracker.db)")
    p.add_argument("--format", choices=("csv", "json"), default="csv")
    p.add_argument("--donors", metavar="GBR,NOR",
                   help="only pledges from any of these donors: codes or names (Norway), comma-separated")
    p.add_argument("--since", metavar="YYYY-MM-DD", help="only pledges announced on or after this day")
    p.add_argument("--until", metavar="YYYY-MM-DD", help="only pledges announced on or before this day")
    p.add_argument("--include-rejected", action="store_true", help="keep pledges a reviewer rejected")
    p.add_argument("--zip", action="store_true", help="write a zip of the CSV and a README (needs -o)")
    p.add_argument("-o", "--output", metavar="FILE", help="write here instead of standard output")
    p.set_defaults(run=cmd_export)

    p = sub.add_parser("review", help="list, check and correct the records awaiting review",
                       description="What needs a person: records below the review bar (TRACKER_REVIEW_BAR, "
                                   "else 0.8), conflicts, and reports merged despite differing donors.")
    p.add_argument("--db", metavar="URL", help="SQLAlchemy URL or SQLite file (default: $TRACKER_DB, else data/tracker.db)")
    p.add_argument("--reviewer", metavar="NAME", help="who the history records (default: $TRACKER_REVIEWER, else "
                                                      "your user name)")
    actions = p.add_subparsers(dest="action", required=True)
    a = actions.add_parser("list", help="the review queue, lowest confidence first")
    a.add_argument("--limit", type=int, metavar="N")
    a.add_argument("--format", choices=("table", "json"), default="table")
    a = actions.add_parser("show", help="a pledge: fields, evidence, every report with its quote in context, history")
    a.add_argument("id")
    version = dict(type=int, metavar="N", help="the version you checked (from `show`): refused if it changed since")
    for name, what in (("confirm", "the record is right: it counts"),
                       ("reject", "not a pledge: kept, never counted")):
        a = actions.add_parser(name, help=what)
        a.add_argument("id")
        a.add_argument("--version", **version)
    a = actions.add_parser("edit", help="change fields: amount=450000000 donors=GBR;NOR date=2025-04-11")
    a.add_argument("id")
    a.add_argument("changes", nargs="+", metavar="FIELD=VALUE")
    a.add_argument("--version", **version)
    a = actions.add_parser("merge", help="two pledges are one: OTHER's reports join ID")
    a.add_argument("id")
    a.add_argument("other")
    a.add_argument("--version", **version)
    a = actions.add_parser("split", help="a report wrongly merged into ID becomes a pledge of its own")
    a.add_argument("id")
    a.add_argument("source", help="the report's source id (from `show`)")
    a.add_argument("--start", type=int, help="where its quote starts, when the source reports the pledge twice")
    a.add_argument("--version", **version)
    a = actions.add_parser("undo", help="take back an action: its history entry (#N in `show`)")
    a.add_argument("entry", type=int)
    p.set_defaults(run=cmd_review)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return args.run(args)
    except TrackerError as e:
        print(f"error: {e}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # "| head" closed the pipe: stop quietly
        sys.stdout = open(os.devnull, "w")
        return 0


if __name__ == "__main__":
    sys.exit(main())
