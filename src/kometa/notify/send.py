"""Delivering one event body to its targets; a failure is a warning, never an exception.

* URL targets get an HTTP POST of the JSON body (reshaped for Discord and Slack webhooks);
* ``notifiarr``: POST of the JSON body to ``<root>/notification/pmm/`` with ``X-API-Key`` (root
  ``https://notifiarr.com/api/v1``, replaced by ``KOMETA_NOTIFIARR_URL``);
* ``gotify``: POST ``<url>/message`` ``{"title", "message", "priority"}`` with ``X-Gotify-Key``;
* ``ntfy``: POST ``<url>/<topic>`` with the text as body, ``Title``/``Priority`` headers and a
  bearer token when one is set;
* ``apprise``: the ``apprise`` package (imported on first use only) loads the configured file or
  URL and routes a title + text to every service in it.

Every request has a bounded timeout and is tried once, except a rate-limit answer (HTTP 429, as
Discord gives past 5 messages in 2 seconds): its ``Retry-After`` (header, or Discord's
``retry_after``) is waited out and the request sent once more, when the wait is at most
:data:`MAX_RETRY_AFTER` and the run's waits stay within :data:`WAIT_BUDGET`. A target that cannot
be reached (no connection, timeout) is not tried again for the rest of the run, so a monitor that
is down costs one timeout, not one per notification. Log lines name targets by scheme and host only.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from kometa.notify.config import NotifyConfig, Target, describe
from kometa.notify.formats import discord, slack, text_message

log = logging.getLogger("kometa")

TIMEOUT = 10.0
USER_AGENT = "kometa-notify"
MAX_RETRY_AFTER = 10.0  # seconds: a longer rate-limit wait gives up on that notification
WAIT_BUDGET = 60.0  # seconds of rate-limit waits per run, all targets together


class DeliveryError(Exception):
    """A target refused or could not take a notification; the message is for the log."""

    def __init__(self, message: str, *, unreachable: bool = False) -> None:
        super().__init__(message)
        self.unreachable = unreachable


def label(target: Target) -> str:
    return f"webhook {describe(target.url)}" if target.kind == "url" else target.kind


class Delivery:
    """Sends bodies to targets over HTTP (and apprise); counts what was sent and what failed."""

    def __init__(self, config: NotifyConfig, *, timeout: float = TIMEOUT,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.config = config
        self.timeout = timeout
        self.sleep = sleep
        self.waited = 0.0
        self.sent = 0
        self.failed = 0
        self._session: Any = None
        self._apprise: Any = None
        self._apprise_failed = False
        self._unreachable: set[tuple[str, str]] = set()

    # -- public -------------------------------------------------------------------------------

    def send(self, targets: tuple[Target, ...], body: dict[str, Any]) -> None:
        for target in targets:
            key = (target.kind, target.url)
            if key in self._unreachable or not self._configured(target):
                continue
            try:
                self._deliver(target, body)
                self.sent += 1
            except DeliveryError as exc:
                self.failed += 1
                if exc.unreachable:
                    self._unreachable.add(key)
                    log.warning("Notification %s to %s failed: %s; no more notifications go there this run",
                                body.get("event"), label(target), exc)
                else:
                    log.warning("Notification %s to %s failed: %s", body.get("event"), label(target), exc)
            except Exception as exc:  # never let a notifier fail the run; the log says what happened
                self.failed += 1
                log.warning("Notification %s to %s failed: %s", body.get("event"), label(target),
                            type(exc).__name__, exc_info=True)

    def close(self) -> None:
        if self._session is not None:
            self._session.close()

    # -- targets ------------------------------------------------------------------------------

    def _configured(self, target: Target) -> bool:
        return target.kind == "url" or getattr(self.config, target.kind) is not None

    def _deliver(self, target: Target, body: dict[str, Any]) -> None:
        if target.kind == "url":
            shaped = {"discord": discord, "slack": slack}.get(target.format)
            self.post(target.url, json=shaped(body) if shaped else body)
        elif target.kind == "notifiarr":
            self._notifiarr(body)
        elif target.kind == "gotify":
            gotify = self.config.gotify
            assert gotify is not None
            title, text, priority = text_message(body)
            self.post(f"{gotify.url}/message", json={"title": title, "message": text, "priority": priority},
                      headers={"X-Gotify-Key": gotify.token})
        elif target.kind == "ntfy":
            ntfy = self.config.ntfy
            assert ntfy is not None
            title, text, priority = text_message(body)
            headers = {"Title": title, "Priority": str(priority)}
            if ntfy.token:
                headers["Authorization"] = f"Bearer {ntfy.token}"
            self.post(f"{ntfy.url}/{ntfy.topic}", data=text.encode("utf-8"), headers=headers)
        elif target.kind == "apprise":
            self._via_apprise(body)

    def _notifiarr(self, body: dict[str, Any]) -> None:
        notifiarr = self.config.notifiarr
        assert notifiarr is not None
        response = self.post(f"{notifiarr.root}/notification/pmm/", json=body,
                             headers={"X-API-Key": notifiarr.apikey}, check=False)
        try:
            answer = response.json()
        except ValueError:
            answer = {}
        if isinstance(answer, dict) and answer.get("result") == "error":
            details = answer.get("details")
            reason = details.get("response") if isinstance(details, dict) else None
            raise DeliveryError(f"Notifiarr answered: {reason or answer.get('message') or 'error'}")
        if response.status_code >= 400:
            raise DeliveryError(f"HTTP {response.status_code} {response.reason}")

    def _via_apprise(self, body: dict[str, Any]) -> None:
        if self._apprise_failed:
            return
        if self._apprise is None:
            self._apprise = self._load_apprise()
            if self._apprise is None:
                return
        import apprise

        title, text, priority = text_message(body)
        kind = apprise.NotifyType.FAILURE if priority >= 5 else apprise.NotifyType.SUCCESS if priority == 4 \
            else apprise.NotifyType.INFO
        if self._apprise.notify(title=title, body=text, notify_type=kind) is False:
            raise DeliveryError("one or more of the apprise services did not take it (see their lines above)")

    def _load_apprise(self) -> Any:
        config = self.config.apprise
        assert config is not None
        try:
            import apprise
        except ImportError:
            self._apprise_failed = True
            log.warning("apprise: the apprise package is not installed (pip install apprise); nothing is sent "
                        "through apprise")
            return None
        loaded = apprise.Apprise()
        source = apprise.AppriseConfig()
        source.add(config.config)
        loaded.add(source)
        if not len(loaded):
            self._apprise_failed = True
            log.warning("apprise: no notification service could be loaded from %s; nothing is sent through "
                        "apprise", describe(config.config) if "://" in config.config else config.config)
            return None
        return loaded

    # -- HTTP ---------------------------------------------------------------------------------

    def post(self, url: str, *, json: Any = None, data: bytes | str | None = None,
             headers: dict[str, str] | None = None, check: bool = True) -> Any:
        import requests

        if self._session is None:
            self._session = requests.Session()
            self._session.headers["User-Agent"] = USER_AGENT
        for attempt in (1, 2):
            try:
                response = self._session.post(url, json=json, data=data, headers=headers, timeout=self.timeout)
            except requests.Timeout:
                raise DeliveryError(f"no answer within {self.timeout:g} s", unreachable=True) from None
            except requests.ConnectionError:
                raise DeliveryError("could not connect", unreachable=True) from None
            except requests.RequestException as exc:
                raise DeliveryError(type(exc).__name__) from None
            if response.status_code != 429 or attempt == 2:
                break
            wait = retry_after(response)
            if wait is None or wait > MAX_RETRY_AFTER or self.waited + wait > WAIT_BUDGET:
                break
            self.waited += wait
            self.sleep(wait)
        if check and response.status_code >= 400:
            raise DeliveryError(f"HTTP {response.status_code} {response.reason}")
        return response


def retry_after(response: Any) -> float | None:
    """Seconds a 429 answer asks to wait: ``Retry-After`` (seconds) or Discord's JSON ``retry_after``."""
    header = response.headers.get("Retry-After")
    try:
        if header is not None:
            return max(float(header), 0.0)
        body = response.json()
        if isinstance(body, dict) and body.get("retry_after") is not None:
            return max(float(body["retry_after"]), 0.0)
    except (TypeError, ValueError):
        return None
    return None
