"""The online sources of ``--validate``: the run's own sources, asking nothing.

Each source a run gives a library's builders (:func:`kometa.engine.context.library_sources`) is made
here the same way, on a stand-in for the run's services (:class:`_OfflineServices`) whose clients
answer no question: a source parses its value as the run does (the same code), and the first thing
it would ask a service stops it there (the value was judged up to that point). So a bad value is the
run's own error, and nothing is sent anywhere.

A builder whose service needs a config section (``tmdb:``, ``trakt:``, ``mdblist:``, ``tautulli:``,
``mal:``, ``radarr:``/``sonarr:``, the last two also at library level) when that section is absent is
an error as it would be in the run: ``tmdb_discover needs a tmdb: section (...)``, at the builder's
line. A section that is there but wrong is reported by the section's own check, not again here.
Values a source can only judge with a service's answer (a list that may not exist) wait for the
run; :mod:`kometa.sources.value_checks` judges a few of those (chart names) without the service.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from kometa.clients.policy import ServiceError
from kometa.config.model import Config, LibraryConfig
from kometa.config.services import SectionError, section
from kometa.sources.conditions import ConditionError

#: client factory (OnlineServices' method name) -> the section its service needs; the other
#: services need none (IMDb, Letterboxd, ...) or have an optional one (AniDB, OMDb for IMDb episodes)
SECTIONS = {"tmdb": "tmdb", "trakt": "trakt", "mdblist": "mdblist", "tautulli": "tautulli", "mal": "mal"}
#: what the section needs, for the message (as the run's section check says it)
_NEEDS = {"tmdb": "an apikey", "trakt": "client_id and client_secret", "mdblist": "an apikey",
          "tautulli": "url and apikey", "mal": "client_id and client_secret", "radarr": "url and token",
          "sonarr": "url and token"}


class _Asked(Exception):
    """A source asked its service a question: its value was judged as far as it can be offline."""


class _Unasked:
    """A client that answers nothing: every method call stops the source (:class:`_Asked`)."""

    settings = SimpleNamespace(region=None, language="en")  # TMDb's section values a source reads
    authorised = True  # Trakt: the sign-in is checked by the section, not here

    def __getattr__(self, name: str) -> Any:
        return self

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        raise _Asked


class _Missing(ServiceError):
    """The service's section is absent from the config."""

    def __init__(self, name: str) -> None:
        super().__init__(name, f"add {name}: with {_NEEDS.get(name, 'its keys')}")
        self.name = name


class _OfflineServices:
    """What :func:`~kometa.engine.context.library_sources` asks of the run's services, offline."""

    def __init__(self, config: Config | None, library: Any) -> None:
        self.config = config
        self.library = library

    def _present(self, name: str) -> bool:
        if self.config is None:  # no config to look in (a caller checking definitions alone)
            return True
        try:
            section(self.config, name)
        except SectionError as exc:
            return "must be a mapping" in str(exc)  # there, but wrong: its own check says so
        return True

    def _client(self, name: str) -> Callable[..., Any]:
        def client(*args: Any, **kwargs: Any) -> Any:
            if name in SECTIONS and not self._present(SECTIONS[name]):
                raise _Missing(SECTIONS[name])
            return _Unasked()
        return client

    def arr_key(self, app: str, library: Any) -> str:
        return app

    def arr(self, app: str) -> Any:
        own = self.library.node.get(app) if isinstance(getattr(self.library, "node", None), Mapping) else None
        if own is None and not self._present(app):
            raise _Missing(app)
        return _Unasked()

    def sources(self, snapshot: Any, moment: Any) -> dict[str, Any]:
        from kometa.engine.online import OnlineServices
        return OnlineServices.sources(self, snapshot, moment)  # type: ignore[arg-type]  # the run's own list

    def library_map(self, library: str, idmap: Any) -> None:
        return None

    def __getattr__(self, name: str) -> Any:
        if name.endswith("_refused") or name == "refused":
            return lambda exc: exc
        return self._client(name)


class _Probe:
    """A run's source whose service is not asked: ``build`` judges the value, finds nothing."""

    def __init__(self, source: Any, now: datetime) -> None:
        self._source = source
        self._now = now

    def __getattr__(self, name: str) -> Any:
        return getattr(self._source, name)

    def build(self, key: str, value: Any, *args: Any, **kwargs: Any) -> Any:
        from kometa.sources.tmdb import TmdbBuilt
        from kometa.sources.value_checks import check

        check(key, value, self._now.date())  # values judged on names the service would confirm
        try:
            self._source.build(key, value, *args, **kwargs)
        except _Asked:
            pass
        except _Missing as exc:
            raise ConditionError(f"{key} needs a {exc.name}: section, and the config has none "
                                 f"({exc.detail})") from None
        return TmdbBuilt()


def offline_sources(config: Config | None, library: LibraryConfig | None, snapshot: Any,
                    now: datetime) -> dict[str, Any]:
    """Keyword arguments of :class:`~kometa.sources.builders.Builders`: the run's sources for
    ``library`` (None: the playlists'), asking nothing."""
    from kometa.engine.context import library_sources

    target = library if library is not None else SimpleNamespace(mapping_name="(playlists)", plex=None, node=None)
    ctx = SimpleNamespace(online=_OfflineServices(config, target), moment=now,
                          config=config if config is not None else SimpleNamespace(plex=None, directory=Path(".")))
    found = library_sources(ctx, target, snapshot)  # type: ignore[arg-type]
    out: dict[str, Any] = {k: _Probe(v, now) for k, v in found.items() if k != "sources"}
    out["sources"] = {k: _Probe(v, now) for k, v in found["sources"].items()}
    return out
