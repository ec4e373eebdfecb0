"""``normalize_many``: the library's parallel entry, many texts on the local engine."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..options import Options
from ..pipeline import Normalizer, Result
from .engines.local import LocalEngine
from .tasks import chunked
from .worker import get_normalizer


def _normalize_chunk(texts: list[str], options: Options) -> list[Result]:
    normalizer = get_normalizer(options)
    return [normalizer.normalize(t) for t in texts]


def normalize_many(
    texts: Iterable[str], options: Options | None = None, jobs: int | None = 1, chunk: int = 32
) -> Iterator[Result]:
    """Results for ``texts`` in order (any iterable, also an endless one).

    ``jobs=1`` runs in this process; more use that many worker processes
    (``None``: every core), each building its Normalizer from ``options`` once.
    """
    options = options or Options()
    if jobs == 1:
        with Normalizer(options) as normalizer:
            for text in texts:
                yield normalizer.normalize(text)
        return
    with LocalEngine(jobs, options) as engine:
        for results in engine.map(_normalize_chunk, chunked(texts, chunk), options.light()):
            yield from results
