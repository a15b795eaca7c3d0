"""The fixture corpus: configs in every style real users write must validate; broken ones must fail
with exactly the expected messages (all of them, in one pass, each with file:line)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kometa.cli import main

CORPUS = Path(__file__).resolve().parents[2] / "fixtures" / "configs"
GOOD = sorted(p.name for p in (CORPUS / "good").iterdir() if p.is_dir())
BAD = sorted(p.name for p in (CORPUS / "bad").iterdir() if p.is_dir())


@pytest.fixture(autouse=True)
def _clean_env(tmp_path, monkeypatch):
    for key in list(__import__("os").environ):
        if key.startswith(("KOMETA_", "PMM_")):
            monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("KOMETA_INSTALL_DIR", str(tmp_path / "install"))
    monkeypatch.chdir(tmp_path)


@pytest.mark.parametrize("name", GOOD)
def test_good_configs_validate(name, capsys):
    config = CORPUS / "good" / name / "config.yml"
    code = main(["--validate", "--config", str(config)])
    captured = capsys.readouterr()
    # 1: valid, but the config uses parts this version does not do yet (listed, located)
    assert code in (0, 1), captured.err
    assert "0 errors" in captured.out
    assert (code == 1) == ("not done by this version" in captured.out)
    assert "error:" not in captured.err
    expected = CORPUS / "good" / name / "warnings.txt"
    if expected.exists():
        wanted = expected.read_text().replace("{dir}", str(config.parent)).splitlines()
        assert captured.err.splitlines() == wanted


@pytest.mark.parametrize("name", BAD)
def test_bad_configs_fail_with_their_messages(name, capsys):
    config = CORPUS / "bad" / name / "config.yml"
    code = main(["--validate", "--config", str(config)])
    captured = capsys.readouterr()
    assert code == 2
    wanted = (CORPUS / "bad" / name / "expected.txt").read_text().replace("{dir}", str(config.parent))
    assert captured.err.splitlines() == wanted.splitlines()


def test_internal_error_is_one_line_without_debug(capsys, monkeypatch, tmp_path):
    import kometa.app.validate as validate_module

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(validate_module, "check_files", broken)
    config = CORPUS / "good" / "blank-values" / "config.yml"
    assert main(["--validate", "--config", str(config)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "kometa: internal error: RuntimeError: boom" in err and "--debug" in err
    with pytest.raises(RuntimeError):
        main(["--validate", "--config", str(config), "--debug"])


def test_full_validation_of_a_server_that_answers_html(capsys, tmp_path):
    import http.server
    import threading

    class Html(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the stdlib's name
            body = b"<html><body>router login</body></html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Html)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        config = tmp_path / "config.yml"
        config.write_text(f"libraries:\n  Movies:\nplex:\n  url: http://127.0.0.1:{server.server_port}\n  token: t\n")
        code = main(["--validate", "--validate-level", "full", "--config", str(config)])
    finally:
        server.shutdown()
    err = capsys.readouterr().err
    assert code == 2
    assert "Traceback" not in err
    assert f"{config}:2: http://127.0.0.1:{server.server_port} is not a Plex server" in err


def test_a_bad_kometa_times_names_the_variable(capsys, monkeypatch):
    monkeypatch.setenv("KOMETA_TIMES", "25:99")
    config = CORPUS / "good" / "blank-values" / "config.yml"
    assert main(["schedule", "next", "--config", str(config)]) == 2
    assert "kometa: error: KOMETA_TIMES: '25:99' is out of range" in capsys.readouterr().err
    assert main(["--times", "25:98", "--validate", "--config", str(config)]) == 2
    assert "KOMETA_TIMES: '25:99'" in capsys.readouterr().err
    monkeypatch.delenv("KOMETA_TIMES")
    assert main(["--times", "25:98", "--validate", "--config", str(config)]) == 2
    assert "--times: '25:98' is out of range" in capsys.readouterr().err
