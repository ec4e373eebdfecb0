"""Showing what the pipeline did: text listings and diffs (`listing`), and the HTML page (`html`)."""
