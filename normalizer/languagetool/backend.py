"""The LanguageTool backend of one run: a server (local or remote), a client, the allow-list."""

from __future__ import annotations

from collections.abc import Sequence

from ..options import DEFAULT_LANGUAGETOOL_CONCURRENCY, Options
from . import resolve_url
from .allowlist import AllowList, load_allowlist
from .client import LanguageToolClient, LTMatch
from .server import LocalServer, local_command


class LanguageToolBackend:
    """Connects once (starting a local server if no URL is given) and checks many texts.

    A missing Java, a missing LanguageTool or an unreachable server raise
    `LanguageToolError` here, before any text is read.
    """

    def __init__(
        self,
        url: str | None = None,
        *,
        download: bool = False,
        concurrency: int = DEFAULT_LANGUAGETOOL_CONCURRENCY,
        allowlist: AllowList | None = None,
        command: Sequence[str] | None = None,
    ) -> None:
        self.allowlist = allowlist or load_allowlist()
        self.server: LocalServer | None = None
        if url is None:
            self.server = LocalServer(command or local_command(download)).start()
            url = self.server.url
        self.client = LanguageToolClient(
            url,
            concurrency=concurrency,
            enabled_rules=self.allowlist.rules,
            enabled_categories=self.allowlist.categories,
        )
        if self.server is None:
            self.client.probe()

    def check(self, text: str) -> list[LTMatch]:
        return self.client.check(text)

    def close(self) -> None:
        self.client.close()
        if self.server is not None:
            self.server.stop()


_SHARED_SERVERS: list[LocalServer] = []


def share_server(options: Options) -> Options:
    """With ``--grammar languagetool`` and no server given, start one here for every worker of a batch to share.

    Otherwise each worker process would start its own Java server. The server
    is stopped when the command ends (`normalizer.languagetool.server.stop_all`).
    """
    if options.grammar != "languagetool" or resolve_url(options.languagetool_url) is not None:
        return options
    server = LocalServer(local_command(options.languagetool_download)).start()
    _SHARED_SERVERS.append(server)  # kept until stop_all: a server nothing refers to is stopped when collected
    return options.with_values(languagetool_url=server.url)
