import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from fuxi_station.client import OdooClient, Unreachable
from fuxi_station.printing import PrintJournal, PrintWorker
from fuxi_station.testing.printer import VirtualPrinter

from odoo.tests import HttpCase, tagged

from .common import STATION, TOKEN, PrinterCase


@tagged("post_install", "-at_install")
class TestBridgePrinting(HttpCase, PrinterCase):
    """The station bridge's printer side against this test server and a virtual ESC/POS
    printer on TCP: what comes out on paper, in which order, and never twice."""

    def setUp(self):
        super().setUp()
        self.device = VirtualPrinter().start()
        self.addCleanup(self.device.stop)
        self.hot_printer.port = self.device.port
        folder = tempfile.TemporaryDirectory()
        self.addCleanup(folder.cleanup)
        self.journal_path = Path(folder.name) / "printed.sqlite"
        self.worker = self._worker()
        self.third = self.env["fuxi.room"].create({"name": "测试T10", "kind": "table"})

    def _worker(self):
        journal = PrintJournal(self.journal_path)
        self.addCleanup(journal.close)
        return PrintWorker(OdooClient(self.base_url(), TOKEN), journal, wait=0)

    def _order_at(self, room):
        order = self._open(room)
        self._send(order, (self.fish, 1, ""))
        # the bridge's requests read the database: what the test wrote must be there
        self.env.flush_all()
        return order

    def _run(self, worker=None):
        self.env.flush_all()
        (worker or self.worker).run_once()
        self.env.invalidate_all()

    def _journal_rows(self):
        with sqlite3.connect(self.journal_path) as journal:
            return journal.execute("SELECT acked, state FROM job ORDER BY job_id").fetchall()

    def _jobs_state(self):
        jobs = self._jobs(self.hot_printer)
        jobs.invalidate_recordset()
        return jobs.mapped("state")

    def test_printer_off_three_orders_wait_then_print_once_in_order(self):
        self.device.stop()  # the printer is switched off
        for room in (self.room, self.table, self.third):
            self._order_at(room)
        self._run()
        self.assertEqual(self._jobs_state(), ["failed", "printing", "printing"])
        self.hot_printer.invalidate_recordset()
        self.assertEqual(self.hot_printer.status, "offline")
        warning = self.env["fuxi.station.printer"].with_user(self.cook).printer_status()
        self.assertEqual(
            [(p["name"], p["waiting"]) for p in warning["offline"]], [("测试热菜厨打", 3)]
        )
        self.assertFalse(self.device.tickets)
        # switched on again: after the back-off the three tickets print, in order, once each
        self.device.start()
        self.worker.blocked.clear()
        self._run()
        tickets = self.device.wait_for(3)
        self.assertEqual(
            [ticket.texts[1] for ticket in tickets],
            ["桌台：测试雅间", "桌台：测试T9", "桌台：测试T10"],
        )
        self._run()
        time.sleep(0.2)
        self.assertEqual(len(self.device.tickets), 3)
        self.assertEqual(self._jobs_state(), ["printed"] * 3)
        self.assertEqual(self.env["fuxi.station.printer"].printer_status(), {"offline": []})

    def test_paper_out(self):
        self.device.paper_out = True
        self._order_at(self.room)
        self._run()
        self.assertEqual(self._jobs_state(), ["failed"])
        self.assertEqual(self._jobs(self.hot_printer).reason, "paper_out")
        self.assertFalse(self.device.tickets)
        self.device.paper_out = False
        self.worker.blocked.clear()
        self._run()
        self.assertEqual(len(self.device.wait_for(1)), 1)
        self.assertEqual(self._jobs_state(), ["printed"])

    def test_checkout_receipt_on_the_front_desk_printer(self):
        """The receipt job of a checkout reaches the front desk printer through the bridge."""
        desk = VirtualPrinter().start()
        self.addCleanup(desk.stop)
        self.desk_printer.write({"connection": "network", "host": "127.0.0.1", "port": desk.port})
        order = self._order_at(self.room)
        order.with_user(self.waiter).action_checkout(confirm=True)
        self._run()
        [receipt] = desk.wait_for(1)
        self.assertIn("结账单", receipt.big_texts)
        self.assertIn("桌台：测试雅间", receipt.big_texts)
        self.assertTrue(any(t.startswith("合计：") and "88" in t for t in receipt.big_texts))
        self.assertEqual(len(self.device.wait_for(1)), 1, "the kitchen ticket on its own printer")

    def test_lost_acknowledgement_does_not_print_twice(self):
        """Printed, then Odoo unreachable for the acknowledgement, then the bridge
        restarted: the job comes again and is only acknowledged."""
        self._order_at(self.room)

        def unreachable(*_args, **_kwargs):
            raise Unreachable("network down")

        self.worker.printers.ack_many = unreachable
        self._run()
        self.assertEqual(len(self.device.wait_for(1)), 1)
        self.assertEqual(self._jobs_state(), ["printing"])
        restarted = self._worker()
        self._run(restarted)
        self._run(restarted)
        time.sleep(0.2)
        self.assertEqual(len(self.device.tickets), 1)
        self.assertEqual(self._jobs_state(), ["printed"])

    def test_bridge_killed_mid_job_does_not_print_twice(self):
        """A real bridge process killed while the printer takes a ticket; the restarted
        bridge does not print it again: Odoo shows it interrupted (reprint if missing)."""
        self._order_at(self.room)
        self._order_at(self.table)
        self.device.hold_status = True  # the bridge waits for the printer's answer: kill then
        command = [
            sys.executable,
            "-m",
            "fuxi_station.printing",
            "--server",
            self.base_url(),
            f"--token={TOKEN}",
            "--journal",
            str(self.journal_path),
            "--print-wait",
            "0",
        ]
        env = dict(os.environ, PYTHONPATH=str(STATION))
        log_path = self.journal_path.with_name("bridge.log")
        log = open(log_path, "ab")
        self.addCleanup(log.close)
        first = subprocess.Popen(command, env=env, stderr=log)
        self.addCleanup(lambda: first.poll() is None and first.kill())
        self.assertEqual(len(self.device.wait_for(1, timeout=30)), 1)
        first.send_signal(signal.SIGKILL)
        first.wait(10)
        self.device.hold_status = False
        second = subprocess.Popen(command, env=env, stderr=log)
        self.addCleanup(lambda: second.poll() is None and second.kill())
        # the database is not read while a bridge process talks to the test server (one
        # shared test cursor): its journal says when both results reached Odoo (acked). The
        # interrupted job's row keeps the state "started" when Odoo, told it was interrupted,
        # does not hand it out again: waiting for "interrupted" there waited the full 30 s.
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            rows = self._journal_rows()
            if len(rows) == 2 and all(acked for acked, _state in rows) and rows[1][1] == "printed":
                break
            time.sleep(0.1)
        second.terminate()
        second.wait(10)
        self.assertEqual(
            self._jobs_state(), ["interrupted", "printed"], log_path.read_text(errors="replace")
        )
        texts = [ticket.texts[1] for ticket in self.device.tickets]
        self.assertEqual(texts, ["桌台：测试雅间", "桌台：测试T9"])
