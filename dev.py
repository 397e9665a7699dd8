#!/usr/bin/env python3
"""Keqiao's two set-up commands, for a fresh machine with only Python 3.11+.

    python3 dev.py run     # install, migrate, seed the demo world, serve on http://127.0.0.1:8000
    python3 dev.py test    # install, then run the whole test suite with pytest (args pass through)

Both create .venv/ on first use and reinstall only when pyproject.toml changes. This file uses
the standard library only, because it runs before anything is installed.
"""

from __future__ import annotations

import glob
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
VENV_PYTHON = VENV / "bin" / "python"
INSTALL_STAMP = VENV / ".keqiao-install"
EXTRAS = "test,dev"


def say(message: str) -> None:
    print(f"\033[1m==> {message}\033[0m", flush=True)


def version_of(python: str) -> tuple[int, int] | None:
    try:
        out = subprocess.run(
            [python, "-c", "import sys; print(sys.version_info[0], sys.version_info[1])"],
            capture_output=True,
            text=True,
            timeout=20,
            check=True,
        ).stdout.split()
    except (OSError, subprocess.SubprocessError):
        return None
    return int(out[0]), int(out[1])


def pick_python() -> str:
    """The newest Python 3.12+ on this machine (Django 6 needs it), else this one (Django 5.2)."""
    candidates = [sys.executable]
    for name in ("python3.14", "python3.13", "python3.12"):
        found = shutil.which(name)
        if found:
            candidates.append(found)
    pyenv_root = os.environ.get("PYENV_ROOT", str(Path.home() / ".pyenv"))
    candidates += sorted(glob.glob(f"{pyenv_root}/versions/3.1[2-9]*/bin/python3"), reverse=True)
    best, best_version = sys.executable, version_of(sys.executable) or (3, 11)
    for candidate in candidates:
        version = version_of(candidate)
        if version and version > best_version and version < (3, 15):
            best, best_version = candidate, version
    if best_version < (3, 11):
        sys.exit("keqiao: error: Python 3.11 or newer is required")
    if best_version < (3, 12):
        say("Only Python 3.11 found: installing the Django 5.2 LTS line instead of Django 6")
    return best


def ensure_venv() -> None:
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + EXTRAS.encode()).hexdigest()
    if VENV_PYTHON.exists() and INSTALL_STAMP.exists() and INSTALL_STAMP.read_text() == wanted:
        return
    if not VENV_PYTHON.exists():
        python = pick_python()
        say(f"Creating .venv with {python}")
        subprocess.run([python, "-m", "venv", str(VENV)], check=True)
    say("Installing Keqiao and its dependencies into .venv (first run takes a minute or two)")
    pip = [str(VENV_PYTHON), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "--upgrade", "pip"], check=True)
    subprocess.run([*pip, "-e", f".[{EXTRAS}]"], check=True, cwd=ROOT)
    INSTALL_STAMP.write_text(wanted)


def manage(*args: str, env: dict[str, str]) -> None:
    result = subprocess.run([str(VENV_PYTHON), "manage.py", *args], cwd=ROOT, env=env)
    if result.returncode != 0:
        sys.exit(result.returncode)


def stop_embedded_database(env: dict[str, str]) -> None:
    if env.get("DATABASE_URL"):
        return
    data_dir = env.get("KEQIAO_DATA_DIR", str(ROOT / ".data"))
    code = (
        "import sys; from pathlib import Path; from portal.embedded_db import stop_embedded_server;"
        f"sys.exit(0 if stop_embedded_server(Path({data_dir!r}) / 'postgres') else 1)"
    )
    stopped = subprocess.run([str(VENV_PYTHON), "-c", code], cwd=ROOT, env=env)
    if stopped.returncode == 0:
        say("Embedded PostgreSQL stopped")


def run() -> int:
    ensure_venv()
    env = dict(os.environ)
    env.setdefault("DEBUG", "true")
    host, port = env.get("HOST", "127.0.0.1"), env.get("PORT", "8000")
    if not env.get("DATABASE_URL"):
        say("DATABASE_URL is unset: using the embedded PostgreSQL under .data/postgres")
    manage("migrate", "--noinput", env=env)
    manage("seed_demo", env=env)

    processes: list[subprocess.Popen[bytes]] = []
    if env.get("REDIS_URL"):
        say("REDIS_URL is set: starting a Celery worker with the beat scheduler")
        processes.append(
            subprocess.Popen(
                [
                    str(VENV / "bin" / "celery"),
                    "-A",
                    "portal",
                    "worker",
                    "-B",
                    "-l",
                    "INFO",
                    "--concurrency",
                    "2",
                ],
                cwd=ROOT,
                env=env,
            )
        )
    else:
        say("REDIS_URL is unset: background tasks run in-process")
    # runserver: the Django development server, serving static files through whitenoise.
    processes.append(
        subprocess.Popen(
            [str(VENV_PYTHON), "manage.py", "runserver", "--noreload", f"{host}:{port}"],
            cwd=ROOT,
            env=env,
        )
    )
    time.sleep(1)
    say(f"Keqiao is running at http://{host}:{port}/  (admin: /admin/, health: /healthz)")
    say("Log in with any demo login above; press Ctrl-C to stop")

    def shut_down(*_: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, shut_down)
    try:
        while all(process.poll() is None for process in processes):
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        for process in processes:
            if process.poll() is None:
                process.send_signal(signal.SIGINT)
        for process in processes:
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
        stop_embedded_database(env)
    return 0


def test(pytest_args: list[str]) -> int:
    ensure_venv()
    env = dict(os.environ)
    if not env.get("DATABASE_URL"):
        say("DATABASE_URL is unset: testing against the embedded PostgreSQL under .data/postgres")
    command = [str(VENV_PYTHON), "-m", "pytest", *pytest_args]
    try:
        return subprocess.run(command, cwd=ROOT, env=env).returncode
    finally:
        stop_embedded_database(env)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"run", "test", "install"}:
        print(__doc__)
        return 2
    if argv[0] == "run":
        return run()
    if argv[0] == "install":
        ensure_venv()
        return 0
    return test(argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
