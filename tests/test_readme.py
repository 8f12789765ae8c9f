"""The README's curl walkthroughs run as written against a live server with
the demo data (only the address differs)."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from sqlalchemy.engine import URL

from spotter import schema
from spotter.app import create_app
from spotter.seed.demo import seed_demo_data
from tests.conftest import REPO, create_database, drop_database, make_settings

README = (REPO / "README.md").read_text(encoding="utf-8")


def _section(title: str) -> str:
    body = README.split(f"## {title}", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)```", body, re.S)
    assert blocks, f"no sh block under '{title}'"
    return "\n".join(blocks)


@pytest.fixture(scope="module")
def demo_server(server_url: URL) -> Iterator[str]:
    url = create_database(server_url, prefix="spotter_readme")
    schema.upgrade(url)
    seed_demo_data(url)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(make_settings(), database_url=url),
            host="127.0.0.1",
            port=port,
            log_config=None,
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=30)
    drop_database(url)


def _run(script: str, base: str, tmp_path: Path) -> str:
    script = script.replace("http://127.0.0.1:8000", base)
    result = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


needs_curl = pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")


@needs_curl
def test_the_signing_in_walkthrough_works(demo_server: str, tmp_path: Path) -> None:
    output = _run(_section("Signing in"), demo_server, tmp_path)
    assert '"email":"ploy@demo.spotter.example"' in output
    assert '"accessToken"' in output
    assert '"email":"new.trainee@example.com"' in output


@needs_curl
def test_the_trainers_day_walkthrough_works(demo_server: str, tmp_path: Path) -> None:
    output = _run(_section("API guide: a trainer's day"), demo_server, tmp_path)
    assert '"status":"confirmed"' in output
    assert "'totalWeight': 392" in output  # 16 x 12 + 20 x 10
    assert output.strip().splitlines()[-1] == "การ์ดสรุปผลใหม่"  # newest: the card, in Thai


def test_the_readme_says_how_to_reach_the_spotter_command() -> None:
    """`make run` installs into .venv without activating it, so a bare
    `spotter` is "command not found" until the README says where it is."""
    section = README.split("## Command line", 1)[1].split("\n## ", 1)[0]
    assert ".venv/bin/spotter" in section
    assert "source .venv/bin/activate" in section
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert "VENV ?= .venv" in makefile
    assert 'spotter = "spotter.cli:main"' in (REPO / "pyproject.toml").read_text(encoding="utf-8")
    installed = REPO / ".venv" / "bin" / "spotter"
    if installed.exists():  # the venv `make run` made
        result = subprocess.run(
            [str(installed), "--help"], capture_output=True, text=True, timeout=60, check=False
        )
        assert result.returncode == 0, result.stderr
        assert "serve" in result.stdout


def _listed_commands() -> list[list[str]]:
    section = README.split("## Command line", 1)[1].split("\n## ", 1)[0]
    block = re.findall(r"```text\n(.*?)```", section, re.S)[0]
    commands = []
    for line in block.splitlines():
        words = line.split()
        assert words[0] == "spotter", line
        # The command's words end where its options, placeholders or comment begin.
        command = [w for w in words[1:3] if w.islower() and w[0].isalpha()]
        commands.append(command)
    return commands


@pytest.mark.parametrize("command", _listed_commands(), ids=" ".join)
def test_every_command_the_readme_lists_exists(command: list[str]) -> None:
    from typer.testing import CliRunner

    from spotter.cli import app

    result = CliRunner().invoke(app, [*command, "--help"])
    assert result.exit_code == 0, result.output
