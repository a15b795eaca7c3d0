"""The policy every external service's client shares: one :class:`Service` per service per run.

A client (``clients/tmdb.py``, ...) only says *what* to ask (a path and parameters); the
:class:`Service` decides *how*:

* bounded timeouts (``Policy.timeout`` per request, or the run's ``--timeout``: :class:`Network`);
* TLS verification on, unless the run turns it off (``--no-verify-ssl``, ``settings: verify_ssl``);
* retries with exponential backoff (tenacity) on connection errors, 5xx and 429, honouring the
  ``Retry-After`` header; a wait longer than ``Policy.max_wait`` gives up instead of stalling;
* a per-service rate limit (``Policy.rate`` requests per second, shared by all threads: a
  pyrate-limiter GCRA bucket, :class:`RateLimiter`) and bounded concurrency (:meth:`Service.map` runs lookups ``Policy.concurrency`` at a time);
  a redirect hop (TVDb's ``/dereferrer/...``) is a request too: it waits for the limiter, and a
  429 on a later hop retries that hop, not the chain;
* a daily quota (``Policy.daily_quota``): at the quota no more requests are sent this run; cached
  answers are used and the report says so — the run does not fail;
* isolation: once a service is down (retries exhausted) it is marked down for the rest of the run,
  so what needs it fails fast (or uses the cache, with a warning) and everything else goes on;
* the persistent cache (:mod:`kometa.clients.cache`): a fresh answer is served without a request;
  a stale one is used, with a warning, when the service is down or out of quota.

Errors are :class:`ServiceError` subclasses whose message is for people.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from contextvars import ContextVar, copy_context
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar, cast

import requests
from pyrate_limiter import GCRA, AbstractClock, Rate, RateItem, StateBucket
from tenacity import RetryCallState, Retrying, retry_if_exception_type

from kometa.clients.cache import DAY, Cache

log = logging.getLogger("kometa")
T = TypeVar("T")
R = TypeVar("R")


class ServiceError(Exception):
    """A service failed for a reason a person can act on; ``str(exc)`` says what and how to fix."""

    def __init__(self, service: str, message: str, key: str | None = None) -> None:
        super().__init__(f"{service}: {message}")
        self.service = service
        self.detail = message
        self.key = key  # the config key that needed the service, when known


class AuthError(ServiceError):
    """The service refused the credentials (HTTP 401/403)."""


class NotFound(ServiceError):
    """The service does not know the object asked for (HTTP 404)."""


class ServiceDown(ServiceError):
    """The service could not be reached or kept failing, and nothing cached could stand in."""


class QuotaReached(ServiceDown):
    """The daily quota is used up and the answer is not cached."""


@dataclass(frozen=True)
class Rejected:
    """A write the service refused with a status the caller accepts (``Service.send(..., accept=)``),
    e.g. Radarr's 400 "This movie has already been added"; ``body`` is its JSON (or text)."""

    status: int
    body: Any


class _QuotaHit(Exception):
    pass


class _Retryable(Exception):
    def __init__(self, message: str, wait: float | None = None, rate_limited: bool = False) -> None:
        super().__init__(message)
        self.wait = wait
        self.rate_limited = rate_limited


@dataclass(frozen=True)
class RawAnswer:
    """A ``parse`` for an answer that is not text (an image): ``read`` gets the response itself and
    returns what is kept (JSON-able, e.g. base64); it raises :class:`ServiceError` for an answer it
    refuses (not retried)."""

    read: Callable[[requests.Response], Any]

    def __call__(self, text: str) -> Any:  # pragma: no cover - _once hands the response to read
        raise TypeError("RawAnswer reads the response, not its text")


@dataclass(frozen=True)
class Policy:
    """How one service is called. ``rate`` is requests per second (None: unlimited)."""

    name: str
    timeout: float = 20.0
    attempts: int = 4  # tries in all, so 3 retries (connection errors, 5xx)
    rate_limited_attempts: int = 12  # tries while the service answers 429 (it is up, only busy)
    backoff: float = 0.5  # first retry wait in seconds; doubles each time
    max_wait: float = 60.0  # a Retry-After longer than this gives up (the service is down for the run)
    rate: float | None = 20.0
    concurrency: int = 8
    daily_quota: int | None = None
    #: text in a 429 answer's message that means the service's own daily quota is used up (e.g.
    #: MDBList's "API Limit Reached"): not retried; the service is out of quota for the rest of the run
    quota_marker: str | None = None
    expiration_days: int = 60  # the cache spreads expiry between 1 and this many days
    #: how long an answer that changes daily (a list, chart, watchlist, stats: ``revalidate``) is
    #: served from the cache before it is asked again: under a day, so daily runs see each day's list
    #: and a second run the same day sends nothing
    list_expiration_hours: float = 20.0


@dataclass(frozen=True)
class Network:
    """What the run says about every service's connections (Kometa's ``--timeout`` and
    ``--no-verify-ssl`` / ``settings: verify_ssl``), applied to each :class:`Service` made while
    it is in use (:func:`network`), so every client, present and future, honours them."""

    timeout: float | None = None  # seconds to wait for an answer; None: each service's own policy
    verify: bool = True  # check TLS certificates


_NETWORK: ContextVar[Network | None] = ContextVar("kometa_network", default=None)  # None: Network()


@contextmanager
def network(settings: Network) -> Iterator[None]:
    """Services made inside the block use ``settings``."""
    token = _NETWORK.set(settings)
    try:
        yield
    finally:
        _NETWORK.reset(token)


_KEEP_DAYS: ContextVar[float] = ContextVar("kometa_keep_days", default=0.0)


@contextmanager
def keep_answers(days: float) -> Iterator[None]:
    """A definition's ``cache_builders: N`` (Kometa): inside the block, an answer fetched less than
    ``days`` days ago is used as it is (lists and charts are not asked again daily, an expired entry
    is not refreshed), so the builder finds the ids it found then. ``0``: the usual policy."""
    token = _KEEP_DAYS.set(max(0.0, float(days)))
    try:
        yield
    finally:
        _KEEP_DAYS.reset(token)


@dataclass
class Counters:
    requests: int = 0
    cache_hits: int = 0
    stale_used: int = 0
    retries: int = 0
    failures: int = 0
    quota_blocked: int = 0
    not_found: int = 0


class _Clock(AbstractClock):
    """The limiter's injected clock (seconds, float) as pyrate-limiter's clock (whole milliseconds)."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self.clock = clock

    def now(self) -> int:
        return int(self.clock() * 1000)


class RateLimiter:
    """At most ``rate`` acquisitions per second across threads, spaced evenly.

    The account is pyrate-limiter's: a GCRA :class:`~pyrate_limiter.StateBucket` with burst 1 (so
    requests are spaced, not sent in bursts), on the injected clock. The waiting is ours, because
    pyrate-limiter's ``Limiter`` sleeps with ``time.sleep`` (no injected sleep, so tests would
    really wait) and polls: here each caller reserves the first free moment in the bucket (a
    future timestamp), then sleeps once until it. :meth:`pause` (429 + ``Retry-After``) holds every
    thread until a moment and widens the spacing; pyrate-limiter has no such notion.
    """

    #: the bucket's rate is "1000 requests per N ms" so that its spacing is kept to the microsecond
    #: (pyrate-limiter's intervals are whole milliseconds); a reservation starts on a whole millisecond
    #: (its clock's unit), rounded up, so requests are never closer than the rate allows
    _PER = 1000

    def __init__(self, rate: float | None, clock: Callable[[], float], sleep: Callable[[float], None]) -> None:
        self.interval = 1.0 / rate if rate else 0.0
        self.clock, self.sleep = clock, sleep
        self._ms = _Clock(lambda: self.clock())  # reads ``self.clock`` each time (tests may swap it)
        self._hold = 0  # ms: no acquisition before this moment (Retry-After)
        self._lock = threading.Lock()
        self._bucket = StateBucket([self._rate()], GCRA(), clock=self._ms) if self.interval else None

    def _rate(self) -> Rate:
        return Rate(self._PER, max(1, round(self.interval * 1000 * self._PER)), burst=1)

    def pause(self, seconds: float) -> None:
        """The service said to wait (429 + Retry-After): no thread sends before then, and requests
        are spaced a little wider from now on (so a run settles at the service's own limit)."""
        with self._lock:
            self._hold = max(self._hold, self._ms.now() + round(seconds * 1000))
            if self._bucket is not None:
                self.interval = min(1.0, self.interval * 1.25)
                self._bucket.rates = [self._rate()]

    def acquire(self) -> None:
        with self._lock:
            now = self._ms.now()
            item = RateItem("request", max(now, self._hold))
            if self._bucket is not None:
                while not self._bucket.put(item):  # the first free moment, reserved (at most two tries)
                    item.timestamp += max(1, int(cast(Any, self._bucket.waiting(item))))  # a sync bucket: an int
        if item.timestamp > now:
            self.sleep((item.timestamp - now) / 1000)


@dataclass
class Service:
    """One external service for one run: HTTP GET of JSON (or text) under ``base_url`` with the policy."""

    policy: Policy
    base_url: str
    params: Mapping[str, str] = field(default_factory=dict)  # sent with every request (credentials)
    cache: Cache | None = None
    session: requests.Session = field(default_factory=requests.Session)
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    counters: Counters = field(default_factory=Counters)
    down: str | None = None  # why the service is down for the rest of this run
    out_of_quota: bool = False  # down because the daily quota is used up
    #: False: a redirect is not followed; its answer is ``{"location": ...}`` (short links)
    follow_redirects: bool = True

    def __post_init__(self) -> None:
        self.base_url = self.base_url.rstrip("/")
        net = _NETWORK.get() or Network()
        if net.timeout is not None:
            self.policy = replace(self.policy, timeout=float(net.timeout))
        if not net.verify:
            self.session.verify = False
        self.limiter = RateLimiter(self.policy.rate, self.clock, self.sleep)
        self._lock = threading.Lock()
        self.warnings: list[str] = []
        #: where a GET was redirected this run (its URL and query -> the next address): a retry after
        #: a 429 on a later hop starts there, so each hop is rate limited and none is sent twice
        self._moved: dict[str, str] = {}

    @property
    def name(self) -> str:
        return self.policy.name

    def get(self, path: str, params: Mapping[str, Any] | None = None, *, cache: bool = True,
            revalidate: bool = False, parse: Callable[[str], Any] | None = None, variant: str = "") -> Any:
        """The JSON answer for ``path`` (cached answers first). Raises :class:`ServiceError`.

        ``revalidate``: an answer that changes daily (charts, lists, watchlists): served from the cache
        for ``policy.list_expiration_hours`` only, then asked again; the last answer is kept, and
        used, with a warning, when the service is down or out of quota.

        ``parse``: the service answers a web page, not JSON (Letterboxd, IMDb's pages); the answer (and
        what is cached) is ``parse(page_text)``. It raises :class:`ServiceError` for a page it can read
        but that says no (a private list), or ValueError for a page that is not the expected one (a
        broken or intermediate page: retried like a 5xx, then the service is down).

        ``variant``: what else the answer depends on (a language sent as a header), kept apart in the cache."""
        query = {k: str(v) for k, v in sorted((params or {}).items()) if v is not None}
        key = f"{self.name}:{path}?" + "&".join(f"{k}={v}" for k, v in query.items()) + (f"#{variant}" if variant else "")
        return self._answer(key, path, query, None, cache, revalidate, parse)

    def post(self, path: str, body: Any, *, cache: bool = True, revalidate: bool = False) -> Any:
        """The JSON answer to a POST of the JSON ``body`` (a read, e.g. a GraphQL query), with the same
        policy, cache (keyed by the body) and errors as :meth:`get`."""
        key = f"{self.name}:POST {path} " + json.dumps(body, sort_keys=True, separators=(",", ":"))
        return self._answer(key, path, {}, body, cache, revalidate)

    def send(self, path: str, body: Any, *, method: str = "POST", accept: tuple[int, ...] = (400,),
             form: bool = False) -> Any:
        """A write (``method`` with the JSON ``body``): never cached, with the policy's rate limit,
        retries, quota and errors; an answer with a status in ``accept`` is returned as
        :class:`Rejected` instead of raising. A retried write must be safe to repeat (Radarr/Sonarr
        answer "already added" to a repeated add). ``form``: the body is sent form-encoded (OAuth token
        endpoints), not as JSON."""
        return self._fetch(path, {}, body, None, (method, accept, form))

    def get_text(self, path: str, params: Mapping[str, Any] | None = None, *, cache: bool = True) -> str:
        """The body of ``path`` as text (a web page, not JSON), with the same cache, policy and
        errors as :meth:`get` (redirects followed)."""
        query = {k: str(v) for k, v in sorted((params or {}).items()) if v is not None}
        key = f"{self.name}:TEXT {path}?" + "&".join(f"{k}={v}" for k, v in query.items())
        return str(self._answer(key, path, query, None, cache, False, parse=str))

    def download(self, path: str, dest: Path) -> None:
        """Stream the file at ``path`` (not JSON: a dataset) to ``dest``, with the same rate limit,
        retries and errors as :meth:`get`; never cached here (the caller keeps the file)."""
        self._fetch(path, {}, None, sink=dest)

    def _answer(self, key: str, path: str, query: dict[str, str], body: Any, cache: bool, revalidate: bool,
                parse: Callable[[str], Any] | None = None) -> Any:
        stale: Any = None
        if cache and self.cache is not None:
            hit = self.cache.get(key)
            keep = _KEEP_DAYS.get()
            if hit is not None and ((keep > 0 and self.cache.age(hit) < keep * DAY) or hit.fresh and (
                    not revalidate or self.cache.age(hit) < self.policy.list_expiration_hours * 3600)):
                with self._lock:
                    self.counters.cache_hits += 1
                return _cached_value(hit.value, self.name, path)
            stale = hit
        try:
            value = self._fetch(path, query, body, parse)
        except ServiceDown as exc:
            if stale is not None:
                with self._lock:
                    self.counters.stale_used += 1
                self._warn(f"{self.name}: {exc.args[0].split(': ', 1)[-1]}; using cached data")
                return _cached_value(stale.value, self.name, path)
            raise
        except NotFound:
            if cache and self.cache is not None:  # an unknown id stays unknown: no request next run
                self.cache.put(key, {"__not_found__": True}, self.policy.expiration_days)
            raise
        if cache and self.cache is not None:
            self.cache.put(key, value, self.policy.expiration_days)
        return value

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> list[R]:
        """``fn`` over ``items``, ``policy.concurrency`` at a time, results in order."""
        work = list(items)
        if len(work) <= 1 or self.policy.concurrency <= 1:
            return [fn(x) for x in work]
        with ThreadPoolExecutor(max_workers=min(self.policy.concurrency, len(work))) as pool:
            parent = copy_context()  # each task runs in a copy of the caller's context (keep_answers)
            return list(pool.map(lambda x: parent.copy().run(fn, x), work))

    def _warn(self, message: str) -> None:
        with self._lock:
            if message not in self.warnings:
                self.warnings.append(message)
                log.warning("%s", message)

    def _fetch(self, path: str, query: dict[str, str], body: Any = None,
               parse: Callable[[str], Any] | None = None, write: tuple[str, tuple[int, ...], bool] | None = None,
               sink: Path | None = None) -> Any:
        if self.down is not None:
            if self.out_of_quota:
                with self._lock:
                    self.counters.quota_blocked += 1
                raise QuotaReached(self.name, self.down)
            raise ServiceDown(self.name, self.down)
        with self._lock:
            quota = self.policy.daily_quota
            if quota is not None and self.cache is not None and self.cache.used_today(self.name) >= quota:
                self.counters.quota_blocked += 1
                raise QuotaReached(self.name, f"the daily quota of {quota} requests is used up")
        retrying = Retrying(stop=self._stop, wait=self._wait, sleep=self.sleep,
                            retry=retry_if_exception_type(_Retryable), reraise=True,
                            before_sleep=self._count_retry)
        try:
            return retrying(self._once, path, query, body, parse, write, sink)
        except _QuotaHit as exc:
            with self._lock:
                self.counters.quota_blocked += 1
                self.out_of_quota = True
                self.down = f"the service's daily quota is used up ({exc})"
            raise QuotaReached(self.name, self.down) from None
        except _Retryable as exc:
            tries = self.policy.rate_limited_attempts if exc.rate_limited else self.policy.attempts
            with self._lock:
                self.counters.failures += 1
                self.down = f"{exc} (gave up after {tries} tries; the service is treated as " \
                            f"down for the rest of this run)"
            raise ServiceDown(self.name, self.down) from None

    def _count_retry(self, state: RetryCallState) -> None:
        with self._lock:
            self.counters.retries += 1

    def _stop(self, state: RetryCallState) -> bool:
        exc = state.outcome.exception() if state.outcome else None
        limited = isinstance(exc, _Retryable) and exc.rate_limited
        return state.attempt_number >= (self.policy.rate_limited_attempts if limited else self.policy.attempts)

    def _wait(self, state: RetryCallState) -> float:
        """Backoff for errors; for a 429 the limiter holds every thread until Retry-After has passed."""
        exc = state.outcome.exception() if state.outcome else None
        if isinstance(exc, _Retryable) and exc.rate_limited:
            wait = exc.wait if exc.wait is not None else self.policy.backoff * 2 ** (state.attempt_number - 1)
            if wait > self.policy.max_wait:
                raise _Retryable(f"asked to wait {wait:.0f}s (Retry-After), more than {self.policy.max_wait:.0f}s")
            self.limiter.pause(wait)
            return 0.0
        wait = exc.wait if isinstance(exc, _Retryable) and exc.wait is not None else \
            self.policy.backoff * 2 ** (state.attempt_number - 1)
        if wait > self.policy.max_wait:
            raise _Retryable(f"asked to wait {wait:.0f}s (Retry-After), more than {self.policy.max_wait:.0f}s")
        return wait

    def _once(self, path: str, query: dict[str, str], body: Any = None,
              parse: Callable[[str], Any] | None = None, write: tuple[str, tuple[int, ...], bool] | None = None,
              sink: Path | None = None) -> Any:
        self.limiter.acquire()
        with self._lock:
            self.counters.requests += 1
        if self.cache is not None:
            self.cache.count_request(self.name)
        url = f"{self.base_url}/{path.lstrip('/')}"
        try:
            if write is not None:
                encoded = {"data": body} if write[2] else {"json": body}
                response = self.session.request(write[0], url, params=dict(self.params), timeout=self.policy.timeout,
                                                **encoded)
            elif body is None and sink is None and self.follow_redirects:
                response = self._get_following(url, {**query, **self.params})
            elif body is None:
                response = self.session.get(url, params={**query, **self.params}, timeout=self.policy.timeout,
                                            stream=sink is not None, allow_redirects=self.follow_redirects)
            else:
                response = self.session.post(url, params=dict(self.params), json=body, timeout=self.policy.timeout)
        except requests.RequestException as exc:
            raise _Retryable(f"cannot reach {self.base_url} ({type(exc).__name__})") from None
        status = response.status_code
        if not self.follow_redirects and 300 <= status < 400:
            return {"location": response.headers.get("Location", "")}
        if write is not None and status in write[1]:
            try:
                return Rejected(status, response.json())
            except ValueError:
                return Rejected(status, response.text)
        if status in (401, 403, 429) and self.policy.quota_marker and \
                self.policy.quota_marker.lower() in _message(response).lower():  # OMDb says 401 "Request limit reached!"
            raise _QuotaHit(_message(response))
        if status == 429:
            raise _Retryable(f"still rate limited (HTTP 429) by {self.base_url}",
                             _retry_after(response.headers.get("Retry-After")), rate_limited=True)
        if status >= 500:
            raise _Retryable(f"HTTP {status} from {self.base_url}", _retry_after(response.headers.get("Retry-After")))
        if status in (401, 403):
            raise AuthError(self.name, f"the service refused the credentials (HTTP {status}: "
                                       f"{_message(response)})")
        if status == 404:
            with self._lock:
                self.counters.not_found += 1
            raise NotFound(self.name, f"{path} not found")
        if status >= 400:
            raise ServiceError(self.name, f"HTTP {status} for {path}: {_message(response)}")
        if sink is not None:
            return _save(response, sink, self.base_url)
        if isinstance(parse, RawAnswer):
            return parse.read(response)
        try:
            return parse(response.text) if parse is not None else response.json()
        except ValueError:
            raise _Retryable(f"not {'JSON' if parse is None else 'the expected page'} from {self.base_url}") from None


    def _get_following(self, url: str, params: dict[str, str]) -> requests.Response:
        """A GET whose redirects are followed one hop at a time, each hop through the rate limiter
        (``requests`` would send them back to back, past a service's limit), from the last hop
        already known this run."""
        from urllib.parse import urlencode, urljoin, urlsplit

        def hop(target: str) -> requests.Response:  # as requests does: no Authorization to another host
            other = urlsplit(target).hostname != urlsplit(url).hostname
            headers: Any = {"Authorization": None} if other else None  # None: the session's header is left out
            return self.session.get(target, timeout=self.policy.timeout, allow_redirects=False, headers=headers)

        key = f"{url}?{urlencode(sorted(params.items()))}"
        start, hops = key, 0
        while start in self._moved and hops < 10:
            start, hops = self._moved[start], hops + 1
        response = self.session.get(url, params=params, timeout=self.policy.timeout, allow_redirects=False) \
            if start == key else hop(start)
        while response.is_redirect and hops < 10:
            target = urljoin(response.url, response.headers.get("Location", ""))
            with self._lock:
                self._moved[start] = target
            start, hops = target, hops + 1
            self.limiter.acquire()
            with self._lock:
                self.counters.requests += 1
            if self.cache is not None:
                self.cache.count_request(self.name)
            response = hop(target)
        return response


def _cached_value(value: Any, service: str, path: str) -> Any:
    if isinstance(value, dict) and value.get("__not_found__"):
        raise NotFound(service, f"{path} not found")
    return value


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None


def _message(response: requests.Response) -> str:
    try:
        data = response.json()
    except ValueError:
        return response.text[:120]
    if isinstance(data, list) and data and isinstance(data[0], dict) and data[0].get("errorMessage"):
        return str(data[0]["errorMessage"])  # Radarr/Sonarr validation errors
    if isinstance(data, dict):
        return str(data.get("status_message") or data.get("error") or data.get("Error") or json.dumps(data)[:120])
    return str(data)[:120]


def _save(response: requests.Response, sink: Path, base_url: str) -> None:
    partial = sink.with_name(sink.name + ".part")
    try:
        with partial.open("wb") as out:
            for chunk in response.iter_content(1 << 16):
                out.write(chunk)
    except requests.RequestException as exc:
        raise _Retryable(f"the download from {base_url} broke off ({type(exc).__name__})") from None
    os.replace(partial, sink)
