"""``kometa auth mal``: sign in to MyAnimeList (authorization code with PKCE, as Kometa documents it)
and keep the tokens in config.yml under ``mal: authorization`` (the rest of the file, comments
included, stays as it was).

With ``mal: localhost_url`` already in the config (the by-hand way Kometa documents, using the
code challenge its documentation gives), that address is traded for tokens. Otherwise kometa prints
the address to open, the user clicks Allow, and pastes the address the browser was sent to
(``http://localhost/?code=…``). ``--url`` gives such an address directly; like ``localhost_url`` it
must come from the authorize link of Kometa's documentation (its code challenge).
Exit 0 on success, 1 when MyAnimeList refused (one line says why), 2 for a wrong section.
"""

from __future__ import annotations

from collections.abc import Callable

from kometa.core.errors import ExitCode, KometaError
from kometa.core.options import Options


def sign_in(options: Options, url: str | None, ask: Callable[[str], str],
            say: Callable[[str], None] = lambda line: print(line, flush=True)) -> int:
    from kometa.clients.mal import (
        DOCUMENTED_VERIFIER,
        AuthFailed,
        MalAuth,
        authorize_url,
        code_of,
        new_verifier,
    )
    from kometa.config import load_config
    from kometa.config.mal_section import mal_section
    from kometa.config.services import SectionError
    from kometa.config.writeback import set_in_config
    from kometa.core.logs import add_secrets

    config = load_config(options.config)
    try:
        sec = mal_section(config)
    except SectionError as exc:
        raise KometaError(str(exc), exit_code=ExitCode.USAGE) from None
    add_secrets([sec.client_id, sec.client_secret])
    address = url or sec.localhost_url
    if address:
        verifier = DOCUMENTED_VERIFIER  # the address came from the documented authorize link
    else:
        verifier = new_verifier()
        say(f"kometa: open {authorize_url(sec.client_id, verifier)}")
        say("kometa: sign in, click Allow, then copy the address the browser is sent to (http://localhost/?code=...)")
        address = ask("kometa: paste that address here: ")
    try:
        tokens = MalAuth(sec.client_id, sec.client_secret).exchange(code_of(address), verifier)
    except AuthFailed as exc:
        raise KometaError(f"{sec.where}: mal: {exc}") from None
    add_secrets([str(tokens.get("access_token")), str(tokens.get("refresh_token") or "")])
    set_in_config(options.config, "mal", "authorization", tokens)
    say(f"kometa: signed in to MyAnimeList; the tokens are in {options.config} (mal: authorization)")
    return 0
