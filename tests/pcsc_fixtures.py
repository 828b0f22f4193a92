"""PC/SC without hardware for the card tests: pcscd with vsmartcard's virtual reader.

`virtual_reader()` starts a pcscd of its own whose virtual reader ("Virtual PCD 00 00")
listens for the card simulator on a free TCP port (not vpcd's fixed 35963), so that two test
runs or a benchmark on the same machine never share a reader. When another pcscd already owns
/run/pcscd, ours runs in a private mount namespace (`unshare -m`, a tmpfs on /run/pcscd) and
the programs that must see it are started with the returned command prefix (`nsenter`).
Only the processes started here are stopped.
"""

import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

VPCD_CONF = Path("/etc/reader.conf.d/vpcd")
PCSCD_SOCKET = Path("/run/pcscd/pcscd.comm")
VIRTUAL_READER = "Virtual PCD 00 00"


def missing_tools():
    missing = [tool for tool in ("pcscd", "unshare", "nsenter") if not shutil.which(tool)]
    if not VPCD_CONF.exists():
        missing.append("vsmartcard-vpcd (/etc/reader.conf.d/vpcd)")
    return missing


def _readers(prefix):
    code = "from smartcard.System import readers; print('|'.join(map(str, readers())))"
    try:
        out = subprocess.run(
            [*prefix, sys.executable, "-c", code], capture_output=True, text=True, timeout=20
        )
    except subprocess.TimeoutExpired:
        return []
    return out.stdout.strip().split("|") if out.returncode == 0 and out.stdout.strip() else []


def _free_port_pair():
    """A port p with p and p + 1 free (vpcd's two virtual readers)."""
    for _attempt in range(50):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        if port >= 65535:
            continue
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port + 1))
            except OSError:
                continue
        return port
    raise RuntimeError("no free port pair for the virtual reader")


def _reader_conf(port):
    libpath = re.search(r"^LIBPATH\s+(\S+)", VPCD_CONF.read_text(), re.M).group(1)
    return (
        'FRIENDLYNAME "Virtual PCD"\n'
        f"DEVICENAME   /dev/null:0x{port:04X}\n"
        f"LIBPATH      {libpath}\n"
        f"CHANNELID    0x{port:04X}\n"
    )


@contextlib.contextmanager
def virtual_reader():
    """Yields (command prefix, simulator port)."""
    missing = missing_tools()
    if missing:
        raise RuntimeError(f"PC/SC test tools missing: {', '.join(missing)} (run `make setup`)")
    port = _free_port_pair()
    conf_dir = Path(tempfile.mkdtemp(prefix="fuxi-pcsc-"))
    (conf_dir / "vpcd").write_text(_reader_conf(port))
    log = open(conf_dir / "pcscd.log", "w")
    if PCSCD_SOCKET.exists():
        # another pcscd owns /run/pcscd: ours gets a private one
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
        yield prefix, port
    finally:
        holder.terminate()
        try:
            holder.wait(10)
        except subprocess.TimeoutExpired:
            holder.kill()
        log.close()
        if not os.environ.get("FUXI_KEEP_PCSC_LOGS"):
            shutil.rmtree(conf_dir, ignore_errors=True)
