"""Tools for the people who maintain the lexicons (``mtnorm lexicon check|suggest``).

* `check` — validates whole sets of lexicon files and runs their examples (conflicts, cycles, chains)
* `suggest` — mines a corpus for candidate entries a person reviews before adding

They sit above the pipeline: the examples run through a real `Normalizer`.
"""
