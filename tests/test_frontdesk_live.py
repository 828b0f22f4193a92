"""Live path of the front desk: a real Odoo server process (not the test transaction),
front desks sending over JSON-RPC, the kitchen display's websocket receiving every ticket.

HttpCase tours run inside one test transaction where Odoo does not deliver bus messages
to other websockets; this test checks the delivery end to end, with a few desks of
bench/frontdesk_bench.py.
"""

import importlib.util
import sys
from pathlib import Path

import pytest

import odoo
from odoo.modules.registry import Registry

BENCH = Path(__file__).resolve().parent.parent / "bench" / "frontdesk_bench.py"
sys.path.insert(0, str(BENCH.parent))

from live_odoo import free_port, start_server, stop_server  # noqa: E402


def _bench():
    spec = importlib.util.spec_from_file_location("frontdesk_bench", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def live_server(request, tmp_path):
    config_path = request.config.getoption("odoo_config")
    db = request.config.getoption("odoo_database")
    if not config_path or not db:
        pytest.fail("run through `make test` (needs --odoo-config and --odoo-database)")
    bench = _bench()
    registry = Registry(db)
    with registry.cursor() as cr:
        info = bench.prepare(odoo.api.Environment(cr, odoo.SUPERUSER_ID, {}), desks=3)
    port = free_port()
    process, log = start_server(config_path, db, port, str(tmp_path / "odoo.log"))
    try:
        yield bench, f"http://127.0.0.1:{port}", db, info
    finally:
        stop_server(process, log)
        with registry.cursor() as cr:
            bench.cleanup(odoo.api.Environment(cr, odoo.SUPERUSER_ID, {}), info)


def test_every_ticket_reaches_the_kitchen_websocket(live_server):
    bench, base_url, db, info = live_server
    result = bench.run_load(base_url, db, info, orders=2)
    assert result["errors"] == []
    assert result["orders"] == 6
    assert result["tickets"] == 18, "3 desks × 2 orders × 3 stations"
    assert result["missing"] == 0, "a ticket never reached the kitchen display"
    assert len(result["latencies"]) == 18
