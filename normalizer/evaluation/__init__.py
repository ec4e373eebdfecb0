"""Edit-level evaluation: what a normalizer run fixes and what it breaks.

The measure is the one of the project's scorer (``score.py``) and of
grammatical-error-correction work (M2, ERRANT): RAW is aligned with the
reference and with the system output at the token level, every difference is
an edit, and an edit of the system is correct when the reference makes the
very same edit at the same place. Modules: `tokens` (tokens with their place),
`align` (token edits), `classify` (artifact class of an edit), `score`
(counts and P/R/F0.5), `run` (files, folders, normalizer runs), `render`
(text and JSON).
"""
