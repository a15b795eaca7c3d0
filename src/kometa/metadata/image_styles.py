"""A section's style data: item name -> its images (and its seasons' and episodes'), collection
name -> its images, read from a style file or from a GitHub repository (``git_style``).

A style file (``file``/``url``/``git``/``repo``) has ``movies:`` or ``shows:`` (item name ->
``url_poster``, ``url_background``, ``tpdb_poster``, ``tpdb_background``, ``file_poster``,
``file_background``, ``url_logo``, ``url_square_art``; a show's ``seasons: {N: {..., episodes:
{M: {...}}}}``) and optionally ``collections:`` (collection name -> the same image keys).

``git_style: owner/repo`` (with ``git_subfolder``) reads the repository as Kometa does: a folder per
item name, in it ``poster.*`` / ``background.*`` (an image, or ``poster.url`` / ``poster.tpdb`` whose
text is an address / a ThePosterDB id); a folder whose name has a number is that season (the same
files), and a file in a season folder whose name ends in a number is that episode's image (its
poster, or background when the name says ``background``; ``.url`` / ``.tpdb`` files as above). A
``collections`` folder holds a folder per collection name.

``tpdb_*`` ids become ThePosterDB's asset address (``https://theposterdb.com/api/assets/ID``;
``KOMETA_TPDB_URL`` replaces the base), which Plex downloads itself.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kometa.clients.github import GitHubError, GitHubTrees, quoted
from kometa.config.files import NO_DEFAULT_IMAGE_SETS as NO_DEFAULTS
from kometa.config.model import FileRef
from kometa.config.yaml_io import file_of, line_of
from kometa.core.errors import ConfigError
from kometa.metadata.image_sets import Section, StyleCall

TPDB_ENV, TPDB_URL = "KOMETA_TPDB_URL", "https://theposterdb.com"
KINDS = ("poster", "background", "logo", "square_art")



def tpdb_url(ident: Any) -> str:
    return f"{(os.environ.get(TPDB_ENV) or TPDB_URL).rstrip('/')}/api/assets/{str(ident).strip()}"


@dataclass
class StyleData:
    items: dict[str, dict[str, Any]] = field(default_factory=dict)  # item name -> entry (metadata keys)
    collections: dict[str, dict[str, Any]] = field(default_factory=dict)  # collection name -> entry


Loader = Callable[[FileRef, Path], list[Any]]  # kometa.config.files.DocumentCache.load


def entry_of(data: Any, base: Path | None, source: str, what: str) -> dict[str, Any]:
    """Style data of one item (season, episode, collection) as metadata-file image keys:
    ``url_*`` as written, ``tpdb_*`` as ThePosterDB's address, ``file_*`` beside the style file."""
    if not isinstance(data, Mapping):
        return {}
    out: dict[str, Any] = {}
    for kind in KINDS:
        url, tpdb, local = data.get(f"url_{kind}"), data.get(f"tpdb_{kind}"), data.get(f"file_{kind}")
        if url:
            out[f"url_{kind}"] = str(url).strip()
        elif tpdb and kind in ("poster", "background"):
            out[f"url_{kind}"] = tpdb_url(tpdb)
        elif local:
            if base is None:
                line = line_of(data, f"file_{kind}")
                raise ConfigError(f"{what}: file_{kind} in a style read from an address cannot name a local "
                                  f"file (use url_{kind})", file=file_of(data) or source, line=line)
            path = base / str(local)
            if not path.is_file():
                raise ConfigError(f"{what}: file_{kind} {path} not found (a path is read beside the style file)",
                                  file=file_of(data) or source, line=line_of(data, f"file_{kind}"))
            out[f"file_{kind}"] = str(path)
    seasons = data.get("seasons")
    if isinstance(seasons, Mapping) and seasons:
        out["seasons"] = {}
        for number, season in seasons.items():
            entry = entry_of(season, base, source, f"{what} season {number}")
            episodes = season.get("episodes") if isinstance(season, Mapping) else None
            if isinstance(episodes, Mapping) and episodes:
                entry["episodes"] = {ep: entry_of(ep_data, base, source, f"{what} season {number} episode {ep}")
                                     for ep, ep_data in episodes.items()}
            out["seasons"][number] = entry
    return out


class StyleReader:
    """Reads the style data of a library's image files, each style once per run."""

    def __init__(self, load: Loader, config_dir: Path, github: GitHubTrees | None, library_type: str) -> None:
        self.load = load
        self.config_dir = config_dir
        self.github = github
        self.attribute = "movies" if library_type == "movie" else "shows"
        self._read: dict[str, StyleData] = {}

    def read(self, section: Section, image_source: str) -> StyleData:
        call = section.call
        key = f"{call.identity} {image_source if call.kind == 'beside' else ''}"
        if key not in self._read:
            if call.kind == "git_style":
                self._read[key] = self._git_style(call, section)
            else:
                self._read[key] = self._style_file(call, section, image_source)
        return self._read[key]

    # -- style files -------------------------------------------------------------------------------

    def _ref(self, call: StyleCall, image_source: str) -> tuple[FileRef, list[Path]]:
        if call.kind == "default":
            raise call.error(f"style {call.kind}: {call.location}: {NO_DEFAULTS}")
        folders = [self.config_dir]
        if call.kind == "beside":
            location = f"{call.location}.yml"
            if "://" in image_source:
                return FileRef("url", f"{image_source.rsplit('/', 1)[0]}/{location}", file=call.file,
                               line=call.line, section="image_files"), folders
            return FileRef("file", str(Path(image_source).parent / location), file=call.file, line=call.line,
                           section="image_files"), folders
        if call.kind == "file" and "://" not in image_source:
            folders.insert(0, Path(image_source).parent)  # beside the image file first
        return FileRef(call.kind, call.location, file=call.file, line=call.line, section="image_files"), folders

    def _style_file(self, call: StyleCall, section: Section, image_source: str) -> StyleData:
        ref, folders = self._ref(call, image_source)
        documents: list[Any] = []
        for index, folder in enumerate(folders):
            try:
                documents = self.load(ref, folder)
                break
            except ConfigError:
                if index == len(folders) - 1:
                    raise
        document = documents[0]
        data, source = document.data, document.source
        label = f"style file {source}"
        if not isinstance(data, Mapping):
            raise ConfigError(f"{label} must be a mapping with {self.attribute}:", file=source, line=1)
        if self.attribute not in data:
            raise ConfigError(f"{label} has no {self.attribute}: (the images of a "
                              f"{self.attribute[:-1]} library's items)", file=source, line=1)
        items = data[self.attribute]
        where = line_of(data, self.attribute)
        if not items:
            raise ConfigError(f"{label}: {self.attribute} is empty", file=source, line=where)
        if not isinstance(items, Mapping):
            raise ConfigError(f"{label}: {self.attribute} must be a mapping of item name: images", file=source,
                              line=where)
        base = Path(source).parent if "://" not in source else None
        out = StyleData({str(name): entry_of(value, base, source, f"{label}: {name}")
                         for name, value in items.items()})
        collections = data.get("collections")
        if isinstance(collections, Mapping):
            for name, alts in section.collections.items():
                if name in collections:
                    entry = entry_of(collections[name], base, source, f"{label}: collection {name}")
                    for each in (name, *alts):
                        out.collections[each] = entry
        return out

    # -- git_style -----------------------------------------------------------------------------------

    def _git_style(self, call: StyleCall, section: Section) -> StyleData:
        if self.github is None:
            raise call.error("git_style needs the run's GitHub client")
        repo = call.location
        try:
            return self._walk(repo, call, section)
        except GitHubError as exc:
            raise call.error(f"git_style {repo}: {exc}") from None

    def _walk(self, repo: str, call: StyleCall, section: Section) -> StyleData:
        assert self.github is not None
        github = self.github
        top = github.top_tree(repo)
        sub = ""
        for folder in (call.subfolder.split("/") if call.subfolder else ()):
            sub += f"{quoted(folder)}/"
            if folder not in top or top[folder].type != "tree":
                raise call.error(f"git_style {repo}: no folder {folder} at https://github.com/{repo}/tree/master/"
                                 f"{sub}")
            top = github.tree(top[folder].url)

        def image(folder: str, tree: Mapping[str, Any], kind: str, name: str | None = None) -> tuple[str, str] | None:
            if (name and name.lower().endswith(".tpdb")) or (not name and f"{kind}.tpdb" in tree):
                return f"url_{kind}", tpdb_url(github.blob_text(tree[name or f"{kind}.tpdb"]))
            if (name and name.lower().endswith(".url")) or (not name and f"{kind}.url" in tree):
                return f"url_{kind}", github.blob_text(tree[name or f"{kind}.url"])
            if name:
                return f"url_{kind}", github.raw_url(repo, f"{sub}{folder}/{quoted(name)}")
            found = next((entry for entry in tree if entry.lower().startswith(kind) and tree[entry].type == "blob"),
                         None)
            return (f"url_{kind}", github.raw_url(repo, f"{sub}{folder}/{quoted(found)}")) if found else None

        def images(folder: str, tree: Mapping[str, Any]) -> dict[str, Any]:
            out = {}
            for kind in ("poster", "background"):
                found = image(folder, tree, kind)
                if found:
                    out[found[0]] = found[1]
            return out

        data = StyleData()
        for item in section.items:
            if item.name not in top or top[item.name].type != "tree":
                continue  # the repository has no images for it (Kometa only says so)
            folder = quoted(item.name)
            tree = github.tree(top[item.name].url)
            entry = images(folder, tree)
            seasons: dict[int, Any] = {}
            for name, node in tree.items():
                number = re.search(r"(\d+)", name)
                if node.type != "tree" or number is None:
                    continue
                season_folder = f"{folder}/{quoted(name)}"
                season_tree = github.tree(node.url)
                season = images(season_folder, season_tree)
                episodes: dict[int, Any] = {}
                for file in sorted(season_tree):
                    last = re.search(r"(\d+)(?!.*\d)", file)
                    if last is None or season_tree[file].type != "blob" or int(last.group(1)) in episodes:
                        continue
                    kind = "background" if "background" in file.lower() else "poster"
                    found = image(season_folder, season_tree, kind, file)
                    episodes[int(last.group(1))] = {found[0]: found[1]} if found else {}
                if episodes:
                    season["episodes"] = episodes
                seasons[int(number.group(1))] = season
            if seasons:
                entry["seasons"] = seasons
            data.items[item.name] = entry
        if section.collections and "collections" in top and top["collections"].type == "tree":
            folders = github.tree(top["collections"].url)
            for name, alts in section.collections.items():
                if name in folders and folders[name].type == "tree":
                    entry = images(f"collections/{quoted(name)}", github.tree(folders[name].url))
                    for each in (name, *alts):
                        data.collections[each] = entry
        return data
