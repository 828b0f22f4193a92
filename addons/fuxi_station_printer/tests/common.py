import base64
import importlib
import sys
from pathlib import Path

from odoo.tests import new_test_user

from odoo.addons.fuxi_card_reader.models.fuxi_card_reader import hash_token
from odoo.addons.fuxi_frontdesk.tests.common import FrontdeskCase

# the station bridge of this checkout (station/ beside addons/), as tests/ and bench/ use it,
# even when the venv's editable install of fuxi-station points at another checkout
STATION = Path(__file__).resolve().parents[3] / "station"


def _load_station_package():
    package = sys.modules.get("fuxi_station")
    if package and Path(package.__file__).resolve().parent != STATION / "fuxi_station":
        for name in [name for name in sys.modules if name.split(".")[0] == "fuxi_station"]:
            del sys.modules[name]
    if str(STATION) in sys.path:
        sys.path.remove(str(STATION))
    sys.path.insert(0, str(STATION))
    importlib.invalidate_caches()
    return importlib.import_module("fuxi_station")


_load_station_package()
from fuxi_station.testing.printer import decode  # noqa: E402

TOKEN = "printer-bridge-token-0123456789abcdef"
OTHER_TOKEN = "another-bridge-token-0123456789abcdef"


class PrinterCase(FrontdeskCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env, "fd_printer_manager", groups="fuxi_frontdesk.group_fuxi_frontdesk_manager"
        )
        Reader = cls.env["fuxi.card.reader"].sudo()
        cls.reader = Reader.create({"name": "测试厨房电脑"})
        cls.reader.token_hash = hash_token(TOKEN)
        cls.other_reader = Reader.create({"name": "测试另一台电脑"})
        cls.other_reader.token_hash = hash_token(OTHER_TOKEN)
        Station = cls.env["fuxi.kitchen.station"]
        cls.hot = Station.search([("code", "=", "hot")])
        cls.cold = Station.search([("code", "=", "cold")])
        Printer = cls.env["fuxi.station.printer"]
        cls.hot_printer = Printer.create(
            {
                "name": "测试热菜厨打",
                "usage": "kitchen",
                "kitchen_station_id": cls.hot.id,
                "reader_id": cls.reader.id,
                "host": "127.0.0.1",
                "port": 9100,
                "lang": "zh_CN",
            }
        )
        cls.desk_printer = Printer.create(
            {
                "name": "测试前台打印机",
                "usage": "frontdesk",
                "reader_id": cls.reader.id,
                "connection": "device",
                "device_path": "/dev/usb/lp0",
                "paper_width": "58",
                "lang": "zh_CN",
            }
        )
        cls.spicy = cls.env["fuxi.taste"].create({"name": "测试不吃辣", "kind": "taboo"})
        cls.guest.taboo_ids = [(6, 0, cls.spicy.ids)]

    def _jobs(self, printer):
        return self.env["fuxi.station.printer.job"].search(
            [("printer_id", "=", printer.id)], order="id"
        )

    @staticmethod
    def _printed(job):
        """The tickets the job's bytes print, decoded as a printer would."""
        tickets = decode(base64.b64decode(job._payload()["data"]), job.printer_id.encoding)
        return tickets

    def _send(self, order, *lines):
        order.add_lines([self._line(product, quantity, note) for product, quantity, note in lines])
        return order.action_send()
