"""The extractor: an article's text in, pledge records out. Sentences, amounts,
dates, donor names and cues (cues.toml, donor_aliases.csv) feed the decisions of
`decide.extract_pledges`. Imports `tracker.records` and `tracker.errors` only.
"""
