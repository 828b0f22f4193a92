import tempfile
from pathlib import Path

from odoo.tests import TransactionCase, tagged

from . import common  # noqa: F401 - puts this checkout's station bridge on the path


@tagged("post_install", "-at_install")
class TestPrintServerSetting(TransactionCase):
    """With prefork workers the bridge's job fetches (long polls) go to Odoo's gevent port
    (print_server), its other requests to its server: a waiting fetch must not hold one of
    the HTTP workers."""

    def test_fetches_go_to_the_print_server(self):
        # imported here, after .common put this checkout's bridge first on the path
        from fuxi_station.client import OdooClient
        from fuxi_station.printing import PrintJournal, PrintWorker, parse_settings

        folder = tempfile.TemporaryDirectory()
        self.addCleanup(folder.cleanup)
        config = Path(folder.name) / "station.ini"
        config.write_text(
            "[fuxi-station]\nserver = https://crm.example.cn\ntoken = abc-token\n"
            "print_server = http://odoo:8072/\n",
            encoding="utf-8",
        )
        settings = parse_settings(["-c", str(config)])
        self.assertEqual(settings["print_server"], "http://odoo:8072/")
        flagged = parse_settings(["-c", str(config), "--print-server", "http://10.0.0.5:8072"])
        self.assertEqual(flagged["print_server"], "http://10.0.0.5:8072")
        journal = PrintJournal(Path(folder.name) / "printed.sqlite")
        self.addCleanup(journal.close)
        client = OdooClient(settings["server"], settings["token"])
        worker = PrintWorker(client, journal, wait=20, server=settings["print_server"])
        self.assertEqual(worker.printers.poller.server, "http://odoo:8072")
        self.assertEqual(worker.printers.poller.token, "abc-token")
        self.assertEqual(worker.printers.client.server, "https://crm.example.cn")
        # without it, both go to the server (threaded Odoo, or nginx routing the fetches)
        plain = PrintWorker(client, journal, wait=20)
        self.assertEqual(plain.printers.poller.server, "https://crm.example.cn")
