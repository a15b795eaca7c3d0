"""The planner: given a config and a run moment, what does the run do? Pure; no Plex access.

:func:`plan_run` walks libraries -> files -> definitions, overlays, operations, then playlist files
and the plex maintenance keys, and records a :class:`~kometa.schedule.plan_model.Decision` for each
(spec 3.6): a skipped library skips everything in it; a skipped file is not loaded; a collection or
playlist skipped by its own schedule carries ``delete_not_scheduled``; ``non_existing`` is carried as
status ``NON_EXISTING`` for the processing stage, which knows whether the collection exists.

Part selection follows spec 1.7: the ``--*-only`` flags, ``--tests`` (only ``test: true``
definitions; no metadata, operations or overlays), ``--run-files`` (only the named files; no
operations or playlists), ``--run-libraries`` (only those libraries; their ``schedule`` is not
checked), ``--run-collections`` (collections only; their ``schedule`` is not checked; file and library
schedules still apply) and ``--resume``.

Dates are judged at the run's moment and hours at ``run_hour`` (the hour of the run's scheduled
time), once per run. Deliberate difference: Kometa checks collection dates against the wall clock as
it reaches each one, so a run crossing midnight changes its mind half-way; a plan does not.

Deliberate difference: a collection whose ``non_existing`` schedule applies does not carry
``delete_not_scheduled`` (it would delete what it just created on the next run).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from kometa.config.files import Document, load_documents
from kometa.config.model import Config, FileRef, LibraryConfig, Located
from kometa.core.errors import ConfigError
from kometa.core.options import Options
from kometa.schedule.evaluate import apply_ignore
from kometa.schedule.plan_model import (
    Decision,
    DefinitionPlan,
    FilePlan,
    LibraryPlan,
    OperationPlan,
    Plan,
    Status,
)
from kometa.schedule.rules import Rule, Verdict
from kometa.schedule.validate import (
    PLEX_MAINTENANCE,
    VISIBLE_KEYS,
    bool_like,
    find_key,
    located_rule,
    node_schedule,
    operation_blocks,
)

Definitions = Callable[[Document], Mapping[str, Any]]
Loader = Callable[[FileRef], list[Document]]
_PART_OF_FILES = {"collection_files": "collections", "metadata_files": "metadata", "image_files": "metadata",
                  "overlay_files": "overlays", "playlist_files": "playlists"}
_ONLY = {"collections_only": "collections", "metadata_only": "metadata", "playlists_only": "playlists",
         "operations_only": "operations", "overlays_only": "overlays"}


def raw_definitions(document: Document) -> Mapping[str, Any]:
    """The definitions of a document as written: its ``collections`` and ``playlists`` mappings."""
    data = document.data if isinstance(document.data, Mapping) else {}
    found: dict[str, Any] = {}
    for section in ("collections", "playlists"):
        value = data.get(section)
        if isinstance(value, Mapping):
            found.update({str(k): v for k, v in value.items()})
    return found


def part_skip_reason(part: str, options: Options) -> str | None:
    """Why ``part`` (collections, metadata, operations, overlays, playlists) does not run, or None."""
    only = [flag for flag, name in _ONLY.items() if getattr(options, flag)]
    if options.run_collections and "collections_only" not in only:
        only.append("collections_only")
    for flag in only:
        if _ONLY[flag] != part:
            shown = "--run-collections" if flag == "collections_only" and options.run_collections \
                else "--" + flag.replace("_", "-")
            return f"{shown} runs {_ONLY[flag]} only"
    if options.tests and part in ("metadata", "operations", "overlays"):
        return "--tests runs collections and playlists only"
    if options.run_files and part in ("operations", "playlists"):
        return f"--run-files never runs {part}"
    return None


@dataclass(frozen=True)
class _Static:
    """A definition's schedule-related keys, parsed: schedule, visible_*, delete_not_scheduled, test."""

    located: Located | None
    rule: Rule | None
    visible: tuple[tuple[str, bool | None, Rule | None, Located], ...]
    own_delete: bool | None
    is_test: bool


class _Planner:
    def __init__(self, config: Config, moment: datetime, run_hour: int, options: Options,
                 definitions: Definitions, load: Loader, memo: dict[Any, Any]) -> None:
        self.config = config
        self.moment = moment
        self.run_hour = run_hour
        self.options = options
        self.definitions = definitions
        self.load = load
        self.memo = memo
        self.plan = Plan(moment, run_hour)
        self.run_files = set(Options.split_names(options.run_files))
        self.run_libraries = set(Options.split_names(options.run_libraries))
        self.run_collections = set(Options.split_names(options.run_collections))
        self.resume_found = not options.resume

    # -- schedules -------------------------------------------------------------------------------

    def decide(self, located: Located | None, level: str) -> Decision:
        if located is None:
            return Decision(Status.RUN, "no schedule")
        rule = located_rule(located, level)
        return self.decide_rule(rule, located, level)

    def decide_rule(self, rule: Rule, located: Located, level: str) -> Decision:
        if rule.may_note:
            for note in rule.notes(self.moment):
                if note not in self.plan.warnings:
                    self.plan.warnings.append(note)
        raw = rule.verdict(self.moment, self.run_hour)
        # Decisions are immutable: one object per (rule, place, level, verdict) is shared between plans.
        key = ("decision", id(rule), located.file, located.line, level, raw)
        found = self.memo.get(key)
        if found is not None and found[0] is rule:
            return found[1]  # type: ignore[no-any-return]
        decision = self._new_decision(rule, located, level, raw)
        self.memo[key] = (rule, decision)
        return decision

    def _new_decision(self, rule: Rule, located: Located, level: str, raw: Verdict) -> Decision:
        ignore = self.options.ignore_schedules
        verdict = apply_ignore(raw, level=level, ignore_schedules=ignore)
        describe, explanation = rule.words()
        common: dict[str, Any] = {"schedule": rule.text, "describe": describe, "explanation": explanation,
                                  "verdict": verdict, "where": located.where, "rule": rule}
        if verdict is Verdict.SCHEDULED:
            reason = "scheduled" if raw is Verdict.SCHEDULED else "not scheduled, runs anyway (--ignore-schedules)"
            return Decision(Status.RUN, reason, **common)
        if verdict is Verdict.NON_EXISTING:
            return Decision(Status.NON_EXISTING, "runs only if it does not exist yet", **common)
        if verdict is Verdict.NOT_SCHEDULED_RANGE:
            suffix = "; --ignore-schedules does not override a range" if ignore else ""
            return Decision(Status.SKIP, f"not scheduled (range){suffix}", **common)
        return Decision(Status.SKIP, "not scheduled", **common)

    # -- libraries -------------------------------------------------------------------------------

    def library(self, library: LibraryConfig) -> LibraryPlan:
        if self.run_libraries and library.mapping_name not in self.run_libraries:
            decision = Decision(Status.SKIP, "not in --run-libraries")
        elif self.run_libraries:
            decision = Decision(Status.RUN, "named in --run-libraries (its schedule is not checked)",
                                schedule=_text(library.schedule))
        else:
            decision = self.decide(library.schedule, "library")
        result = LibraryPlan(library.mapping_name, library.library_name, decision)
        if not decision.runs:
            skipped = Decision(Status.SKIP, "library skipped")
            for kind in ("metadata_files", "collection_files", "image_files", "overlay_files"):
                for ref in getattr(library, kind):
                    result.files.append(FilePlan(kind, ref.name, ref.location, skipped))
            result.overlays = skipped if library.overlay_files else None
            return result
        result.operations = self.operations(library)
        for kind in ("metadata_files", "collection_files", "image_files", "overlay_files"):
            for ref in getattr(library, kind):
                result.files.append(self.file(kind, ref, library))
        result.overlays = self.overlays(library, result.files)
        return result

    def overlays(self, library: LibraryConfig, files: list[FilePlan]) -> Decision | None:
        node = library.node if isinstance(library.node, Mapping) else {}
        removing = bool(node.get("remove_overlays")) and not self.run_files
        if not library.overlay_files and not removing:
            return None
        reason = part_skip_reason("overlays", self.options)
        if reason:
            return Decision(Status.SKIP, reason)
        if not removing and not any(f.kind == "overlay_files" and f.decision.runs for f in files):
            return Decision(Status.SKIP, "no overlay file loaded")
        return self.decide(library.schedule_overlays, "overlays")

    def operations(self, library: LibraryConfig) -> list[OperationPlan]:
        result: list[OperationPlan] = []
        seen: set[str] = set()
        reason = part_skip_reason("operations", self.options)
        for index, block in enumerate(operation_blocks(library.operations)):
            names = tuple(str(k) for k in block if str(k).lower() != "schedule")
            for name in names:
                if name in seen:
                    self.plan.warnings.append(f"{library.mapping_name}: operation '{name}' is given in more than "
                                              f"one operations block; the first one wins")
                seen.add(name)
            file = library.operations.file if library.operations else None
            if reason:
                decision = Decision(Status.SKIP, reason, schedule=_text(node_schedule(block, "schedule", file)))
            else:
                decision = self.decide(node_schedule(block, "schedule", file), "operations")
            result.append(OperationPlan(index, names, decision))
        return result

    # -- files and definitions ---------------------------------------------------------------------

    def file(self, kind: str, ref: FileRef, library: LibraryConfig | None) -> FilePlan:
        part = _PART_OF_FILES[kind]
        reason = part_skip_reason(part, self.options)
        if reason:
            return FilePlan(kind, ref.name, ref.location, Decision(Status.SKIP, reason, schedule=_text(ref.schedule)))
        if self.run_files and ref.name not in self.run_files:
            return FilePlan(kind, ref.name, ref.location,
                            Decision(Status.SKIP, "not in --run-files", schedule=_text(ref.schedule)))
        decision = Decision(Status.RUN, "no schedule") if kind == "overlay_files" else self.decide(ref.schedule, "file")
        plan = FilePlan(kind, ref.name, ref.location, decision)
        if not decision.runs or kind not in ("collection_files", "playlist_files"):
            return plan
        try:
            documents = self.load(ref)
        except ConfigError as exc:
            plan.decision = Decision(Status.SKIP, "could not be loaded", schedule=decision.schedule)
            plan.error = str(exc)
            self.plan.warnings.append(str(exc))
            return plan
        definition_kind = "playlist" if kind == "playlist_files" else "collection"
        for document in documents:
            plan.sources.append(document.source)
            for name, body in self.definitions(document).items():
                if isinstance(body, Mapping):
                    plan.definitions.append(self.definition(str(name), body, definition_kind, library, document))
        return plan

    def static(self, body: Mapping[Any, Any], kind: str, document: Document) -> _Static:
        """What a definition says about schedules, read once per body (memoised across plans)."""
        found = self.memo.get(id(body))
        if found is not None and found[0] is body:
            return found[1]  # type: ignore[no-any-return]
        located = node_schedule(body, "schedule", document.source)
        rule = located_rule(located, kind) if located is not None else None
        visible: list[tuple[str, bool | None, Rule | None, Located]] = []
        for key in VISIBLE_KEYS:
            shown = node_schedule(body, key, document.source)
            if shown is not None:
                flag = bool_like(shown.value)
                visible.append((key, flag, located_rule(shown, "visible") if flag is None else None, shown))
        delete_key = find_key(body, "delete_not_scheduled")
        own_delete = bool_like(body[delete_key]) is True if delete_key is not None else None
        is_test = bool_like(body.get(find_key(body, "test"))) is True
        static = _Static(located, rule, tuple(visible), own_delete, is_test)
        self.memo[id(body)] = (body, static)
        return static

    def definition(self, name: str, body: Mapping[Any, Any], kind: str, library: LibraryConfig | None,
                   document: Document) -> DefinitionPlan:
        static = self.static(body, kind, document)
        located = static.located
        visible = {key: flag if flag is not None else self.decide_rule(rule, shown, "visible").runs  # type: ignore[arg-type]
                   for key, flag, rule, shown in static.visible}
        if self.options.tests and not static.is_test:
            return DefinitionPlan(name, kind, Decision(Status.SKIP, "--tests runs only test: true definitions"),
                                  visible=visible)
        if kind == "collection" and self.run_collections:
            if name not in self.run_collections:
                return DefinitionPlan(name, kind, Decision(Status.SKIP, "not in --run-collections"), visible=visible)
            return DefinitionPlan(name, kind, Decision(Status.RUN, "named in --run-collections (its schedule is not "
                                                       "checked)", schedule=_text(located)), visible=visible)
        if kind == "collection" and not self.resume_found:
            if name != self.options.resume:
                return DefinitionPlan(name, kind, Decision(Status.SKIP, f"before --resume {self.options.resume}"),
                                      visible=visible)
            self.resume_found = True
        if static.rule is None or located is None:
            decision = Decision(Status.RUN, "no schedule")
        else:
            decision = self.decide_rule(static.rule, located, kind)
        delete = decision.status is Status.SKIP and self.delete_setting(static.own_delete, library)
        return DefinitionPlan(name, kind, decision, delete_not_scheduled=delete, visible=visible)

    def delete_setting(self, own: bool | None, library: LibraryConfig | None) -> bool:
        if own is not None:
            return own
        settings = library.settings if library is not None else self.config.settings
        return bool_like(settings.get("delete_not_scheduled", False)) is True

    # -- playlists and plex maintenance -------------------------------------------------------------

    def plex_maintenance(self) -> None:
        plex = self.config.raw.get("plex") if isinstance(self.config.raw, Mapping) else None
        if not isinstance(plex, Mapping):
            return
        only = next((flag for flag in ("collections_only", "overlays_only", "playlists_only")
                     if getattr(self.options, flag)), None)
        if only is None and self.options.run_collections:
            only = "collections_only"
        for key in PLEX_MAINTENANCE:
            located = node_schedule(plex, key)
            if located is None:
                continue
            flag = bool_like(located.value)
            if flag is False:
                continue
            if only:
                self.plan.plex[key] = Decision(Status.SKIP, f"not in --{only.replace('_', '-')} runs")
            elif flag is True:
                self.plan.plex[key] = Decision(Status.RUN, "enabled")
            else:
                self.plan.plex[key] = self.decide(located, "plex")

    def run(self) -> Plan:
        for library in self.config.libraries.values():
            self.plan.libraries.append(self.library(library))
        for ref in self.config.playlist_files:
            self.plan.playlist_files.append(self.file("playlist_files", ref, None))
        self.plex_maintenance()
        return self.plan


def _text(located: Located | None) -> str | None:
    if located is None:
        return None
    value = located.value
    return "[" + ", ".join(str(v) for v in value) + "]" if isinstance(value, list) else str(value)


def plan_run(config: Config, moment: datetime, *, run_hour: int, options: Options,
             definitions: Definitions | None = None, load: Loader | None = None,
             memo: dict[Any, Any] | None = None) -> Plan:
    """Decide what a run at ``moment`` (hour ``run_hour``) does. Pure apart from reading files.

    ``definitions`` maps a loaded document to its definitions (default: its raw ``collections`` and
    ``playlists``); ``load`` loads a file reference (default: :func:`load_documents` beside the
    config; the calendar passes a caching one); ``memo`` keeps parsed definition schedules between
    calls over the same loaded documents. Raises ConfigError for a malformed schedule.
    """
    loader = load if load is not None else (lambda ref: load_documents(ref, config.directory))
    return _Planner(config, moment, run_hour, options, definitions or raw_definitions, loader,
                    memo if memo is not None else {}).run()
