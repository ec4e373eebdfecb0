"""LanguageTool, the optional second grammar pass (``--grammar languagetool``).

The built-in grammar rules are a stage (normalizer/stages/grammar.py); this
package is everything LanguageTool needs: `client` (HTTP, batching, offsets),
`server` (a local Java server's life cycle), `allowlist` (the rules we accept,
from ``lexicons/languagetool/allow.yaml``) and `backend` (one run's server,
client and allow-list, which `stages.grammar.LanguageToolStage` asks).
Nothing here is started unless asked for, and nothing is downloaded unless
``download=True`` (``--languagetool-download``).
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
