"""Reading: article files, HTML pages and fetched URLs turned into an `Article`
(text, title, outlet, publication date). May import `tracker.extract` (the
month names a dateline is read with), `tracker.records` and `tracker.errors`.
"""
