"""A headless LibreOffice for the tests, driven through UNO (see office_driver.py).

One LibreOffice per test session, listening on 127.0.0.1 with a profile of its own, stopped by
its own PID. Tests describe what a person does as a list of steps; `Office.run` hands them to
the driver under Debian's /usr/bin/python3 (the only interpreter `uno` imports under).
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tools import require_tool

DRIVER = Path(__file__).with_name("office_driver.py")
SYSTEM_PYTHON = Path("/usr/bin/python3")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _uno_available() -> bool:
    if not SYSTEM_PYTHON.exists():
        return False
    probe = subprocess.run([str(SYSTEM_PYTHON), "-c", "import uno"], capture_output=True)
    return probe.returncode == 0


@dataclass
class Office:
    port: int
    process: subprocess.Popen[bytes]

    def run(self, steps: list[dict[str, Any]], timeout: float = 180) -> dict[str, Any]:
        """Do the steps in LibreOffice; fails the test with the driver's reason if one can't."""
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as stream:
            json.dump(steps, stream)
        try:
            result = subprocess.run(
                [str(SYSTEM_PYTHON), str(DRIVER), str(self.port), stream.name],
                capture_output=True,
                text=True,
                timeout=timeout,
            )
        finally:
            os.unlink(stream.name)
        lines = result.stdout.strip().splitlines()
        if not lines:
            pytest.fail(f"the LibreOffice driver printed nothing: {result.stderr[-2000:]}")
        answer: dict[str, Any] = json.loads(lines[-1])
        if result.returncode != 0 or "error" in answer:
            pytest.fail(f"LibreOffice: {answer.get('error')} {result.stderr[-2000:]}")
        return answer


def start_office(profile: Path) -> Office:
    require_tool("soffice")
    if not _uno_available():
        if os.environ.get("TOPOLREPORT_REQUIRE_TOOLS") == "1":
            pytest.fail("python3-uno is not installed (TOPOLREPORT_REQUIRE_TOOLS=1)")
        pytest.skip("python3-uno is not installed")
    port = _free_port()
    # Through the `soffice` launcher, not soffice.bin: on a new profile soffice.bin exits with
    # 81 ("restart me") and the launcher starts it again.
    process = subprocess.Popen(
        [
            require_tool("soffice"),
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--invisible",
            "--nologo",
            "--norestore",
            "--nodefault",
            "--nolockcheck",
            f"--accept=socket,host=127.0.0.1,port={port};urp;StarOffice.ComponentContext",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group, so stopping it stops its children
    )
    return Office(port, process)


def stop_office(office: Office) -> None:
    if office.process.poll() is None:
        os.killpg(office.process.pid, signal.SIGTERM)
        try:
            office.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(office.process.pid, signal.SIGKILL)
            office.process.wait(timeout=20)


@pytest.fixture(scope="session", name="office")
def office_session(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """A LibreOffice for the whole test session."""
    running = start_office(tmp_path_factory.mktemp("office-profile"))
    try:
        yield running
    finally:
        stop_office(running)
