"""``f1_season`` in a metadata entry (pure): a show is one Formula 1 season, its seasons the races
(season N = round N), its episodes the sessions of each race weekend, as Kometa's Formula 1 guide
lays the library out.

From Ergast's races (kometa.clients.ergast) each season gets its race's title (``Bahrain Grand
Prix``; ``shorten_gp: true``: ``Bahrain GP``; ``round_prefix: true``: ``01 - Bahrain Grand Prix``;
``f1_language: nl``: Dutch), and each episode the session its file's path names (``Free Practice
1``, ``Qualifying``, ``Sprint Race Session``, ``Post-Race Analysis``, ...) and that session's day
(Friday, Saturday or the race's Sunday; a sprint weekend — any file of the race with "sprint" in
its path — moves qualifying to Friday), with Kometa's rules and in its order: the path, lower-cased,
is searched for the session's words, the first rule that matches wins.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from kometa.clients.ergast import RaceInfo

F1_KEYS = ("f1_season", "round_prefix", "shorten_gp", "f1_language")
FIRST_SEASON = 1950

#: Dutch names of the races (the words Ergast's race names start with) and of the sessions
DUTCH_PLACES = {
    "Abu Dhabi": "Abu Dhabi", "Argentine": "Argentinië", "Australian": "Australië", "Austrian": "Oostenrijk",
    "Azerbaijan": "Azerbeidzjan", "Bahrain": "Bahrein", "Belgian": "België", "Brazilian": "Brazilië",
    "British": "Groot-Brittannië", "Canadian": "Canada", "Chinese": "China", "Dutch": "Nederland",
    "European": "Europa", "French": "Frankrijk", "German": "Duitsland", "Hungarian": "Hongarije",
    "Indian": "India", "Italian": "Italië", "Japanese": "Japan", "Korean": "Zuid-Korea",
    "Luxembourg": "Luxemburg", "Malaysian": "Maleisië", "Mexican": "Mexico", "Moroccan": "Marokko",
    "Portuguese": "Portugal", "Russian": "Rusland", "Saudi Arabian": "Saudi-Arabië", "South African": "Zuid-Afrika",
    "Spanish": "Spanje", "Styrian": "Stiermarken", "Swedish": "Zweden", "Swiss": "Zwitserland",
    "Turkish": "Turkije", "Tuscan": "Toscane", "United States": "Verenigde Staten",
}
DUTCH_SESSIONS = {
    "Formula 1 Cafe": "Formule 1 Cafe", "Free Practice 1": "Vrije Training 1", "Free Practice 2": "Vrije Training 2",
    "Free Practice 3": "Vrije Training 3", "Pre-Sprint Race Build-up": "Sprint Race Voorbeschouwing",
    "Post-Sprint Race Analysis": "Sprint Race Nabeschouwing", "Sprint Race Session": "Sprint Race",
    "Ted's Sprint Notebook": "Ted's Sprint Notitieboekje", "Pre-Qualifying Build-up": "Kwalificatie Voorbeschouwing",
    "Post-Qualifying Analysis": "Kwalificatie Nabeschouwing", "Qualifying": "Kwalificatie",
    "Season Preview": "Seizoensvoorbeschouwing", "Pre-Race Buildup": "Voorbeschouwing",
    "Post-Race Analysis": "Nabeschouwing", "Live from the Grid": "Vanaf de grid", "Highlights": "Samenvatting",
    "Ted's Race Notebook": "Ted's Race Notitieboekje", "Ted's Qualifying Notebook": "Ted's Kwalificatie Notitieboekje",
    "Pre-Sprint Shootout Build-up": "Sprint Shootout Voorbeschouwing",
    "Post-Sprint Shootout Analysis": "Sprint Shootout Nabeschouwing", "Sprint Shootout Session": "Sprint Shootout",
}
LANGUAGES = {"nl": (DUTCH_PLACES, DUTCH_SESSIONS)}

#: the words a file's path may use for a part of a session's name (English and Dutch)
WORDS = {
    "fp1": ("free practice 1", "free practice one", "vrije training 1", "fp1", "vt1"),
    "fp2": ("free practice 2", "free practice two", "vrije training 2", "fp2", "vt2"),
    "fp3": ("free practice 3", "free practice three", "vrije training 3", "fp3", "vt3"),
    "pre": ("pre", "voorbeschouwing"), "post": ("post", "nabeschouwing"), "quali": ("quali", "kwalificatie"),
    "notebook": ("notebook", "notitieboekje"), "preview": ("preview", "seizoensvoorbeschouwing"),
    "highlights": ("summary", "samenvatting", "highlight", "hoogtepunten"),
}


@dataclass(frozen=True)
class F1Options:
    season: int
    round_prefix: bool = False
    shorten_gp: bool = False
    language: str | None = None


def options(entry: Mapping[str, Any], this_year: int) -> tuple[F1Options | None, list[tuple[str, str]], list[str]]:
    """The entry's F1 options, its mistakes as (key, reason) and warnings; no options when
    ``f1_season`` is not a season from 1950 to ``this_year``."""
    errors: list[tuple[str, str]] = []
    warnings: list[str] = []
    raw = entry.get("f1_season")
    season = raw if isinstance(raw, int) and not isinstance(raw, bool) else \
        int(raw) if isinstance(raw, str) and raw.strip().isdigit() else None
    if season is None or not FIRST_SEASON <= season <= this_year:
        errors.append(("f1_season", f"must be a season from {FIRST_SEASON} to {this_year}, got {raw!r}"))
        return None, errors, warnings
    flags = {}
    for key in ("round_prefix", "shorten_gp"):
        value = entry.get(key, False)
        if value is not True and value is not False:
            errors.append((key, f"must be true or false, got {value!r}"))
        elif key in entry and value is False:
            warnings.append(f"{key}: false does nothing (only true changes the titles)")
        flags[key] = value is True
    language = entry.get("f1_language")
    if language is not None and str(language).lower() not in LANGUAGES:
        errors.append(("f1_language", f"{language!r} is not one of the languages there are F1 names in: "
                                      f"{', '.join(LANGUAGES)}"))
        language = None
    return F1Options(season, flags["round_prefix"], flags["shorten_gp"],
                     str(language).lower() if language is not None else None), errors, warnings


def race_title(race: RaceInfo, opts: F1Options) -> str:
    """The season's (race's) title: Ergast's race name, shortened, translated and prefixed as asked."""
    name = race.name
    if opts.language is not None:
        title = "GP " + name.replace(" Grand Prix", "") if opts.shorten_gp else name
        for english, local in LANGUAGES[opts.language][0].items():
            title = title.replace(english, local)
    else:
        title = name.replace("Grand Prix", "GP") if opts.shorten_gp else name
    return f"{race.round:02d} - {title}" if opts.round_prefix else title


def _has(path: str, words: str) -> bool:
    return any(word in path for word in WORDS[words])


def _with_phase(path: str, session: str, notebook: str | None) -> str | None:
    """``session``'s build-up, analysis or notebook variant when the path names one, else None."""
    if _has(path, "pre"):
        return {"Sprint Race Session": "Pre-Sprint Race Build-up", "Qualifying": "Pre-Qualifying Build-up",
                "Sprint Shootout Session": "Pre-Sprint Shootout Build-up"}[session]
    if _has(path, "post"):
        return {"Sprint Race Session": "Post-Sprint Race Analysis", "Qualifying": "Post-Qualifying Analysis",
                "Sprint Shootout Session": "Post-Sprint Shootout Analysis"}[session]
    if notebook is not None and _has(path, "notebook"):
        return notebook
    return None


def session_name(path: str) -> str:
    """The session a file's path names (English), by Kometa's rules in its order."""
    path = path.lower()
    if "cafe" in path:
        return "Formula 1 Cafe"
    for words, name in (("fp1", "Free Practice 1"), ("fp2", "Free Practice 2"), ("fp3", "Free Practice 3")):
        if _has(path, words):
            return name
    if "shootout" in path:
        return _with_phase(path, "Sprint Shootout Session", None) or "Sprint Shootout Session"
    if "sprint" in path:
        return _with_phase(path, "Sprint Race Session", "Ted's Sprint Notebook") or "Sprint Race Session"
    if _has(path, "quali"):
        return _with_phase(path, "Qualifying", "Ted's Qualifying Notebook") or "Qualifying"
    ordered = (("preview", "Season Preview"), ("f1 show", "F1 Show"),
               ("drivers press conference", "Drivers' Press Conference"), ("pre", "Pre-Race Buildup"),
               ("post", "Post-Race Analysis"), ("grid", "Live from the Grid"), ("highlights", "Highlights"),
               ("notebook", "Ted's Race Notebook"))
    for words, name in ordered:
        if (_has(path, words) if words in WORDS else words in path):
            return name
    return "Race"


def session(race: RaceInfo, path: str, sprint_weekend: bool, opts: F1Options) -> tuple[str, date | None]:
    """An episode's title and day from its file's path: the session's name (``(4K)`` for a 2160p
    file; translated as asked) and the session's day, counted back from the race's Sunday."""
    name = session_name(path)
    if "2160" in path.lower():
        name += " (4K)"
    if sprint_weekend:
        back = 1 if any(w in name for w in ("Sprint", "Free Practice 2")) else \
            2 if any(w in name for w in ("Qualifying", "Free Practice 1", "Formula 1 Cafe")) else 0
    else:
        back = 1 if any(w in name for w in ("Qualifying", "Free Practice 3")) else \
            2 if any(w in name for w in ("Free Practice 1", "Free Practice 2", "Formula 1 Cafe")) else 0
    day = race.day - timedelta(days=back) if race.day is not None else None
    if opts.language is not None:
        name = LANGUAGES[opts.language][1].get(name, name)
    return name, day
