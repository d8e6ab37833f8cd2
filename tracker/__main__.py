"""The command line: `python -m tracker extract|ingest|export ...`.

As thin as the dashboard: it parses options, calls tracker functions, prints.
Any `TrackerError` becomes one line on stderr and exit status 2.
"""
from __future__ import annotations

import argparse
import json
import math
import sys
import warnings

from tracker.errors import TrackerError

EXIT_BAD_INPUT = 2


def _json_value(value):
    """Frame cells as JSON: NaN and NaT become null, timestamps ISO dates."""
    if value is None:
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
    from tracker.extract import extract_pledges
    from tracker.pledge import pledges_to_frame
    from tracker.sources import parse_published, read_article

    published = parse_published(args.published) if args.published else None
    articles = [read_article(path) for path in args.files]  # read all before printing any
    pledges = []
    for article in articles:
        for w in article.warnings:
            print(f"warning: {w}", file=sys.stderr)
        pledges += extract_pledges(article.text, published=published or article.published)
    frame = pledges_to_frame(pledges)
    if args.format == "json":
        json.dump(frame_records(frame), sys.stdout, ensure_ascii=False, indent=1)
        print()
    elif args.format == "csv":
        out = frame.drop(columns=["id"]).copy()
        for col in ("donors", "categories"):
            out[col] = out[col].map(";".join)
        out.to_csv(sys.stdout, index=False, date_format="%Y-%m-%d")
    else:
        if frame.empty:
            print("no pledges found")
        for r in frame_records(frame):
            donors = "+".join(r["donors"]) or "?"
            print(f"{donors:<12} {r['currency']} {r['amount']:>16,.0f}  {r['qualifier']:<8} {r['kind']:<10} "
                  f"{r['aid_type']:<12} {r['date'] or '-':<10} {r['period'] or '-':<9} "
                  f"{','.join(r['categories'])}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m tracker",
                                     description="Pledges of support to Ukraine, from articles to records.")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("extract", help="print the pledges found in articles")
    p.add_argument("--published", metavar="YYYY-MM-DD",
                   help="publication date that relative dates ('on Friday') hang on")
    p.add_argument("--format", choices=("json", "csv", "table"), default="table")
    p.add_argument("files", nargs="+", metavar="FILE", help="text, Markdown or HTML files; - for standard input")
    p.set_defaults(run=cmd_extract)
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


if __name__ == "__main__":
    sys.exit(main())
