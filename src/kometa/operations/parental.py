"""``mass_imdb_parental_labels``: IMDb's parents guide as labels (``Violence:Severe``, ...).

IMDb rates five categories None/Mild/Moderate/Severe. The operation's value is the lowest severity
labelled (``none``, ``mild``, ``moderate``, ``severe``; Kometa's old ``with_none`` = ``none``,
``without_none`` = ``mild``) or ``remove``. Each item gets exactly the parental labels its guide
gives at that level: other parental labels are removed, every other label is left alone. An item
without an IMDb id or without a guide on IMDb is left as it is. Guides are asked once per item and
cached, and label edits are batched per label, so a second run sends nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from kometa.operations.decide import Change, Decision, tag_params
from kometa.plex.snapshot import Item

TYPES = {"Sex & Nudity": "Nudity", "Violence & Gore": "Violence", "Profanity": "Profanity",
         "Alcohol, Drugs & Smoking": "Alcohol", "Frightening & Intense Scenes": "Frightening"}
SEVERITIES = ("None", "Mild", "Moderate", "Severe")
LEVELS = {"none": 0, "mild": 1, "moderate": 2, "severe": 3}
OLD_NAMES = {"with_none": "none", "without_none": "mild"}
ALL_LABELS = {f"{t}:{v}".lower() for t in TYPES.values() for v in SEVERITIES}


def parse_level(raw: object) -> str:
    """The operation's value as ``remove`` or a level name; ValueError says what is allowed."""
    name = str(raw).strip().lower() if isinstance(raw, str) else ""
    name = OLD_NAMES.get(name, name)
    if name != "remove" and name not in LEVELS:
        raise ValueError(f"'{raw}' is not a parental label level (none, mild, moderate, severe or remove)")
    return name


def labels_for(guide: Mapping[str, str], level: str) -> set[str]:
    """The labels a guide (category text -> severity text) gives at ``level``."""
    if level == "remove":
        return set()
    lowest = LEVELS[level]
    out = set()
    for category, severity in guide.items():
        short = TYPES.get(category)
        if short and severity in SEVERITIES and SEVERITIES.index(severity) >= lowest:
            out.add(f"{short}:{severity}")
    return out


def decide_parental(items: Iterable[Item], guides: Mapping[int, Mapping[str, str] | None], level: str) -> Decision:
    """The label edits (pure): add the guide's labels, remove parental labels it does not give."""
    decision = Decision([])
    for item in items:
        guide = guides.get(item.rating_key)
        if guide is None and level != "remove":
            decision.no_value += 1
            continue
        old = item.tags("label")
        keep = [t for t in old if t.lower() not in ALL_LABELS]
        wanted = sorted(labels_for(guide or {}, level))
        new = tuple(keep + [t for t in wanted if t.lower() not in {k.lower() for k in keep}])
        if {t.lower() for t in old} == {t.lower() for t in new}:
            continue
        added = sorted(set(new) - set(old))
        gone = sorted(set(old) - set(new))
        text = "; ".join(filter(None, [f"add {', '.join(added)}" if added else "",
                                       f"remove {', '.join(gone)}" if gone else ""]))
        decision.changes.append(Change(item.rating_key, tag_params("label", old, new, None),
                                       f"parental labels: {text}", None, new))
    return decision
