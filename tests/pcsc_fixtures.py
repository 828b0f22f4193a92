"""PC/SC without hardware for the card tests: pcscd with vsmartcard's virtual reader.

`virtual_reader()` yields a command prefix to run programs that must see the virtual reader:
empty when a pcscd with "Virtual PCD 00 00" already runs (it is reused), otherwise a pcscd
started here — in a private mount namespace (`unshare -m`, tmpfs on /run/pcscd) when another
pcscd owns /run/pcscd — and stopped at the end (only the process started here).
"""

import contextlib
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

VPCD_CONF = Path("/etc/reader.conf.d/vpcd")
PCSCD_SOCKET = Path("/run/pcscd/pcscd.comm")
VIRTUAL_READER = "Virtual PCD 00 00"


def _readers(prefix=()):
    code = "from smartcard.System import readers; print('|'.join(map(str, readers())))"
    try:
        out = subprocess.run(
            [*prefix, sys_python(), "-c", code], capture_output=True, text=True, timeout=20
        )
    except subprocess.TimeoutExpired:
        return []
    return out.stdout.strip().split("|") if out.returncode == 0 and out.stdout.strip() else []


def sys_python():
    import sys

    return sys.executable


def missing_tools():
    missing = [tool for tool in ("pcscd",) if not shutil.which(tool)]
    if not VPCD_CONF.exists():
        missing.append("vsmartcard-vpcd (/etc/reader.conf.d/vpcd)")
    return missing


@contextlib.contextmanager
def virtual_reader():
    missing = missing_tools()
    if missing:
        raise RuntimeError(f"PC/SC test tools missing: {', '.join(missing)} (run `make setup`)")
    if PCSCD_SOCKET.exists() and VIRTUAL_READER in _readers():
        yield []  # a pcscd with the virtual reader is already there: reuse it
        return
    conf_dir = Path(tempfile.mkdtemp(prefix="fuxi-pcsc-"))
    shutil.copy(VPCD_CONF, conf_dir / "vpcd")
    log = open(conf_dir / "pcscd.log", "w")
    if PCSCD_SOCKET.exists():
        # another pcscd owns /run/pcscd: ours lives in a private mount namespace, and so do
        # the programs that must talk to it (the prefix below joins that namespace)
        holder = subprocess.Popen(
            [
                "unshare",
                "-m",
                "--propagation",
                "private",
                "sh",
                "-c",
                'mount -t tmpfs tmpfs /run/pcscd && exec pcscd -f -c "$0"',
                str(conf_dir),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        prefix = ["nsenter", "-t", str(holder.pid), "-m"]
    else:
        holder = subprocess.Popen(
            ["pcscd", "-f", "-c", str(conf_dir)], stdout=log, stderr=subprocess.STDOUT
        )
        prefix = []
    try:
        deadline = time.time() + 20
        while VIRTUAL_READER not in _readers(prefix):
            if holder.poll() is not None:
                raise RuntimeError(f"pcscd stopped: see {conf_dir / 'pcscd.log'}")
            if time.time() > deadline:
                raise RuntimeError("the virtual reader did not appear")
            time.sleep(0.3)
        yield prefix
    finally:
        holder.terminate()
        try:
            holder.wait(10)
        except subprocess.TimeoutExpired:
            holder.kill()
        log.close()
        if not os.environ.get("FUXI_KEEP_PCSC_LOGS"):
            shutil.rmtree(conf_dir, ignore_errors=True)
