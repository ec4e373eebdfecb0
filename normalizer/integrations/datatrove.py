"""mtnorm as a datatrove formatter: ``reader → MtnormFormatter() → writer``.

datatrove (Hugging Face's pipeline framework for text-curation jobs) runs
steps over `Document` streams; its own formatters include an ftfy step. This
one runs the whole mtnorm pipeline on ``doc.text`` and records what it did in
``doc.metadata[metadata_key]``: the number of edits per artifact class, with
every class present (0 when none) so Parquet writers, which take their schema
from the first document, see the same columns in every document.

Configured like the command line: ``only``, ``skip``, ``disable`` (rule ids), ``lexicons``, ``default_lexicons``,
``grammar``, or ``config`` (an ``mtnorm.toml``), the arguments overriding the
file. The normalizer is built on first use in each task's process (datatrove
copies or pickles the step into its workers), so the step itself stays small.

Needs the ``datatrove`` extra: ``pip install 'mtnorm[datatrove]'``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from typing import Any

try:
    from datatrove.data import DocumentsPipeline
    from datatrove.pipeline.formatters.base import BaseFormatter
    from datatrove.utils.typeshelper import StatHints
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise ImportError(
        f"normalizer.integrations.datatrove needs datatrove ({exc.name} is missing): pip install 'mtnorm[datatrove]'"
    ) from exc

from ..cli.config import load_config
from ..edits import ARTIFACT_CLASSES
from ..errors import UsageError
from ..options import Options
from ..pipeline import Normalizer

DEFAULT_METADATA_KEY = "mtnorm_edits"


class MtnormFormatter(BaseFormatter):
    """Normalize every document's text with mtnorm; edit counts per class go to its metadata."""

    name = "🧹 mtnorm"

    def __init__(
        self,
        *,
        only: str | Iterable[str] | None = None,
        skip: str | Iterable[str] | None = None,
        disable: str | Iterable[str] | None = None,
        lexicons: Sequence[str | os.PathLike[str]] = (),
        default_lexicons: bool | None = None,
        grammar: str | None = None,
        config: str | os.PathLike[str] | None = None,
        metadata_key: str | None = DEFAULT_METADATA_KEY,
    ) -> None:
        super().__init__()
        given = {
            "only": only,
            "skip": skip,
            "disable": disable,
            "lexicons": [str(p) for p in lexicons] or None,
            "default_lexicons": default_lexicons,
            "grammar": grammar,
        }
        # the precedence of the command line: defaults <- configuration file <- these arguments
        self.options = Options.layered(
            load_config(os.fspath(config)) if config is not None else {}, {k: v for k, v in given.items() if v is not None}
        )
        if self.options.corpus_casing:
            raise UsageError(f"{config}: corpus_casing learns from a whole corpus first; a datatrove step sees a stream")
        self.metadata_key = metadata_key
        self._normalizer: Normalizer | None = None

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_normalizer"] = None  # each process builds its own
        return state

    @property
    def normalizer(self) -> Normalizer:
        if self._normalizer is None:
            self._normalizer = Normalizer(self.options)
        return self._normalizer

    def format(self, text: str) -> str:
        return self.normalizer.normalize(text).text

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        normalizer = self.normalizer
        for doc in data:
            self.stat_update(StatHints.total)
            with self.track_time():
                result = normalizer.normalize(doc.text)
            doc.text = result.text
            counts = result.counts()
            if self.metadata_key:
                doc.metadata[self.metadata_key] = {kind: counts.get(kind, 0) for kind in ARTIFACT_CLASSES}
            if result.changed:
                self.stat_update("changed")
            for kind, number in counts.items():
                self.stat_update(f"edits_{kind}", value=number)
            yield doc
