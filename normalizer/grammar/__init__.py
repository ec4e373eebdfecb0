"""Grammar backends: the built-in rules (normalizer/stages/grammar.py) and LanguageTool.

``--grammar builtin`` (default) runs only the built-in rules; ``languagetool``
runs them and then LanguageTool, local or remote; ``off`` runs no grammar pass.
LanguageTool is optional: nothing here is imported or started unless asked for,
and nothing is downloaded unless ``download=True`` (``--languagetool-download``).
"""

from __future__ import annotations

import os

URL_ENV = "MTNORM_LANGUAGETOOL_URL"

def resolve_url(explicit: str | None) -> str | None:
    """The server URL the user gave (option, then environment); None means a local LanguageTool.

    The public LanguageTool API is never a default: text leaves the machine only
    for a URL the user named.
    """
    return explicit or os.environ.get(URL_ENV) or None
