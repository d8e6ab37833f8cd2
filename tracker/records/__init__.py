"""Records: the pledge as the schema defines it, currency conversion and the one
way amounts are written for people. The bottom layer: it imports only
`tracker.errors`, and every other layer may import it.
"""
