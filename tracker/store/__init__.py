"""The store: articles, pledges, their links and every correction, in SQLite or
PostgreSQL. Saves and loads records; never runs the extractor. Imports only
`tracker.records` and `tracker.errors`.
"""
