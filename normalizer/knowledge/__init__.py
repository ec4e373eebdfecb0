"""Language knowledge as data: loading the lexicons and matching their entries.

* `lexicon` — reads and validates ``lexicons/*.yaml`` (every problem as ``file:line: message``)
  and merges files by entry id; knows where the bundled lexicons are
* `matching` — compiles entries into one hash-table matcher (`EntryMatcher`)
* `regex_safety` — refuses lexicon regexes that could backtrack for ever
"""
