"""A mistake met inside one of our default files, said where the user wrote it.

A bad template-variable value given to ``- default: streaming`` (``limit: abc``) is only found
once the default's definition is expanded, so the checker that finds it points at the line of
our package file that used the variable. That line is not the user's to fix: :func:`relocate`
moves such an error to the user's config — the variable's own line under ``template_variables``
when the message quotes that variable's value, else the ``- default:`` entry — names the variable,
and keeps our file's line as context. One mechanism for every default (collections, playlists,
overlays; runs and ``--validate``).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from kometa.config.model import FileRef
from kometa.core.errors import ConfigError

_PACKAGE = os.path.realpath(Path(__file__).resolve().parent.parent)
_DEFAULTS = os.path.join(_PACKAGE, "defaults") + os.sep
_LINE = re.compile(r"^(.+?):(\d+): (.*)$", re.DOTALL)


def ours(file: str | None) -> bool:
    """Is ``file`` one of our default files (inside the package's ``defaults/``)?"""
    return bool(file) and os.path.realpath(str(file)).startswith(_DEFAULTS)


def _text(value: Any) -> str | None:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int | float):
        return str(value)
    return None


def carrier(ref: FileRef, message: str) -> str | None:
    """The template variable the user gave ``ref`` whose value the message quotes (the longest value
    wins); variables added to the entry later (an overlay queue's defaults) are not the user's."""
    found: list[tuple[int, str]] = []
    written = ref.variable_lines
    for name, value in ref.template_variables.items():
        if written is not None and str(name) not in written:
            continue
        text = _text(value)
        if text and (f"'{text}'" in message or f'"{text}"' in message):
            found.append((len(text), str(name)))
    return max(found)[1] if found else None


def relocate(ref: FileRef | None, file: str | None, line: int | None,
             message: str) -> tuple[str | None, int | None, str]:
    """(file, line, message) said at the user's config when ``file`` is one of our default files
    read for the user's ``ref``; unchanged otherwise."""
    if ref is None or ref.kind != "default" or ref.file is None or not ours(file):
        return file, line, message
    short = os.path.relpath(os.path.realpath(str(file)), _PACKAGE).replace(os.sep, "/")
    ours_at = f"{short}:{line}" if line is not None else short
    name = carrier(ref, message)
    if name is None:
        return ref.file, ref.line, f"{message} (in default: {ref.location}, at {ours_at}; check the " \
                                   f"template_variables given to it)"
    where = (ref.variable_lines or {}).get(name) or ref.line
    return ref.file, where, f"{message} (the value of template variable '{name}' given to default: " \
                            f"{ref.location}; met at {ours_at})"


def relocate_error(ref: FileRef | None, error: ConfigError) -> ConfigError:
    """``error`` said at the user's config (see :func:`relocate`); the same object when it stays."""
    file, line, message = relocate(ref, error.file, error.line, error.bare_message)
    if file == error.file and line == error.line and message == error.bare_message:
        return error
    return type(error)(message, file=file, line=line)  # a NotDone stays one


def relocate_text(ref: FileRef | None, text: str) -> str:
    """A ``file:line: message`` line of the engine's said at the user's config (see :func:`relocate`)."""
    match = _LINE.match(text)
    if match is None:
        return text
    file, line, message = relocate(ref, match.group(1), int(match.group(2)), match.group(3))
    return f"{file}:{line}: {message}" if line is not None else f"{file}: {message}"
