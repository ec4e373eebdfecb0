"""The normalizers of one server worker: built once, reused by every request.

The start-up normalizer (lexicons loaded and compiled) is built when the
worker starts. A request that switches classes or rules gets a normalizer that
shares the start-up one's loaded lexicon (only the cheap parts are rebuilt),
kept in a small cache so a client repeating the same switches pays once.
Requests can only narrow what the server was started with: a class skipped or
a rule disabled at start-up stays off.

Normalization is CPU work under the GIL, so each worker runs one at a time (a
lock), in a thread so the event loop keeps accepting and timing requests. A
request that times out sets its ``cancelled`` flag: its thread stops before
the next text (one text is not interrupted; the request size limit bounds it).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence

from ..errors import MtnormError
from ..options import Options, option_specs
from ..pipeline import Normalizer, Result
from .requests import BadRequest, RequestOptions

CACHED_VARIANTS = 16


class Cancelled(Exception):
    """The request gave up (timed out) before this worker got to its next text."""


def supports_disable() -> bool:
    return any(name == "disable" for name, _, _ in option_specs())


class Normalizers:
    def __init__(self, options: Options) -> None:
        self.options = options
        self.default = Normalizer(options)
        self._variants: OrderedDict[RequestOptions, Normalizer] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, request: RequestOptions) -> Normalizer:
        if request == RequestOptions():
            return self.default
        if request.disable and not supports_disable():
            raise BadRequest("'disable' is not available in this version of mtnorm (no rule switches yet)")
        with self._lock:
            found = self._variants.get(request)
            if found is None:
                try:
                    found = self._variants[request] = self._build(request)
                except MtnormError as exc:  # an unknown rule id in 'disable', say: the client's mistake
                    raise BadRequest(str(exc)) from None
                while len(self._variants) > CACHED_VARIANTS:
                    self._variants.popitem(last=False)
            else:
                self._variants.move_to_end(request)
            return found

    def _build(self, request: RequestOptions) -> Normalizer:
        classes = set(self.default.classes)
        if request.only is not None:
            classes &= request.only
        classes -= request.skip
        changes: dict[str, object] = {"only": frozenset(classes), "skip": frozenset()}
        if request.disable:
            changes["disable"] = sorted({*getattr(self.options, "disable", ()), *request.disable})
        return Normalizer(self.options.with_values(**changes), lexicon=self.default.lexicon)

    def run(self, normalizer: Normalizer, texts: Sequence[str], cancelled: threading.Event) -> list[Result]:
        results = []
        with self._lock:
            for text in texts:
                if cancelled.is_set():
                    raise Cancelled
                results.append(normalizer.normalize(text))
        return results

    def close(self) -> None:
        with self._lock:
            for normalizer in (self.default, *self._variants.values()):
                normalizer.close()
