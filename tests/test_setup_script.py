"""Behaviour of scripts/fuxi, run as a subprocess (no Odoo, no database needed)."""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "fuxi"
# Nothing listens on the discard port of the loopback: the download fails at once.
UNREACHABLE_URL = "http://127.0.0.1:9/odoo.tar.gz"
ANSI_RE = re.compile(r"\x1b\[[0-9;]*m")


def clean_env(**extra):
    """The caller's environment without any virtualenv or Python path that provides Odoo."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FUXI_", "PYTHON"))}
    env.pop("VIRTUAL_ENV", None)
    venv_bins = {str(ROOT / ".venv" / "bin")}
    if os.environ.get("VIRTUAL_ENV"):
        venv_bins.add(str(Path(os.environ["VIRTUAL_ENV"]) / "bin"))
    env["PATH"] = os.pathsep.join(
        p for p in env.get("PATH", os.defpath).split(os.pathsep) if p not in venv_bins
    )
    env.update(extra)
    return env


def run_fuxi(*args, env, timeout=180):
    result = subprocess.run(
        ["bash", str(SCRIPT), *args],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    return result.returncode, ANSI_RE.sub("", result.stdout), ANSI_RE.sub("", result.stderr)


def base_python(env):
    """The interpreter scripts/fuxi would pick (FUXI_PYTHON unset), or None."""
    for name in ("python3.11", "python3"):
        exe = shutil.which(name, path=env["PATH"])
        if not exe:
            continue
        probe = subprocess.run(
            [exe, "-c", "import sys; sys.exit(sys.version_info[:2] != (3, 11))"],
            env=env,
            capture_output=True,
            check=False,
        )
        if probe.returncode == 0:
            return exe
    return None


@pytest.mark.parametrize("args", [(), ("no-such-command",)], ids=["no-argument", "unknown"])
def test_usage_and_exit_2_without_a_known_command(args):
    rc, out, _ = run_fuxi(*args, env=clean_env(), timeout=60)
    assert rc == 2
    for command in ("setup", "run", "test", "lint"):
        assert f"scripts/fuxi {command}" in out, f"usage does not mention {command}"
    assert "FUXI_ODOO_SOURCE" in out


def test_usage_is_only_the_header_comment():
    rc, out, _ = run_fuxi(env=clean_env(), timeout=60)
    assert rc == 2
    header = []
    for line in SCRIPT.read_text(encoding="utf-8").splitlines()[1:]:
        if not line.startswith("#"):
            break
        header.append(re.sub(r"^# ?", "", line))
    assert out.splitlines() == header, "usage should be the header comment, and all of it"


def test_ensure_odoo_without_any_source_fails_with_a_clear_message(tmp_path):
    cache = tmp_path / "cache"
    cache.mkdir()
    venv = tmp_path / "venv"
    missing_source = tmp_path / "no-odoo-here"
    env = clean_env(
        FUXI_VENV=str(venv),
        FUXI_CACHE=str(cache),
        FUXI_ODOO_SOURCE=str(missing_source),
        FUXI_ODOO_URL=UNREACHABLE_URL,
        FUXI_SKIP_APT="1",
    )
    python = base_python(env)
    if python is None:
        pytest.skip("no Python 3.11 on PATH for scripts/fuxi to create a venv with")
    has_odoo = subprocess.run(
        [python, "-c", "import odoo"], env=env, capture_output=True, check=False
    )
    if has_odoo.returncode == 0:
        pytest.skip(f"{python} can import odoo: ensure-odoo would succeed through it")

    rc, _, err = run_fuxi("ensure-odoo", env=env)

    assert rc != 0, err
    assert "Odoo 18.0 Community could not be installed" in err
    # it lists every place it tried
    assert f"FUXI_ODOO_SOURCE={missing_source}" in err
    assert f"{cache}/wheelhouse" in err
    assert f"{cache}/src" in err
    assert UNREACHABLE_URL in err
    assert "download failed" in err
    # and leaves no half-downloaded tarball behind, nor an odoo in the new venv
    assert not list(cache.glob("*.part"))
    assert not list(cache.glob("odoo_18.0*.tar.gz"))
    assert (venv / "bin" / "python").exists(), "the venv was not created"
    assert not list(venv.glob("lib/python3*/site-packages/odoo"))
