"""Deterministic demo data for the portal (`manage.py seed_demo`, see docs/demo.md).

`vocabulary` holds the words (places, names, violations and their legal bases);
`generate` turns a seed and a date into authorities, parties and records. Both are
packages of small modules, one concern each.
"""
