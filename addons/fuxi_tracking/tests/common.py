import importlib.util
from datetime import datetime
from pathlib import Path

import pytz

from odoo.tests import TransactionCase, new_test_user

SHANGHAI = pytz.timezone("Asia/Shanghai")
MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def run_migration(cr, version, script, installed_version):
    """Run fuxi_tracking's migration script ``migrations/<version>/<script>`` as an upgrade
    from ``installed_version`` would (the tests of a migration run it on their own data)."""
    path = MIGRATIONS / version / script
    spec = importlib.util.spec_from_file_location(f"fuxi_tracking_{path.stem}", path)
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    migration.migrate(cr, installed_version)


def utc(local_string):
    """'2026-03-31 23:30' in Shanghai time → naive UTC datetime, as Odoo stores it."""
    local = SHANGHAI.localize(datetime.strptime(local_string, "%Y-%m-%d %H:%M"))
    return local.astimezone(pytz.utc).replace(tzinfo=None)


class FuxiTrackingCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, tz="Asia/Shanghai"))
        cls.viewer = new_test_user(
            cls.env,
            "tr_viewer",
            groups="fuxi_tracking.group_fuxi_tracking_viewer",
            tz="Asia/Shanghai",
        )
        cls.waiter = new_test_user(
            cls.env,
            "tr_waiter",
            groups="fuxi_tracking.group_fuxi_tracking_user",
            tz="Asia/Shanghai",
        )
        cls.waiter_2 = new_test_user(
            cls.env,
            "tr_waiter2",
            groups="fuxi_tracking.group_fuxi_tracking_user",
            tz="Asia/Shanghai",
        )
        cls.manager = new_test_user(
            cls.env,
            "tr_manager",
            groups="fuxi_tracking.group_fuxi_tracking_manager",
            tz="Asia/Shanghai",
        )
        Product = cls.env["product.product"]

        def dish(name, price, kind="dish"):
            return Product.create(
                {"name": name, "list_price": price, "is_fuxi_dish": True, "fuxi_kind": kind}
            )

        cls.fish = dish("西湖醋鱼", 88.0)
        cls.pork = dish("东坡肉", 68.0)
        cls.shrimp = dish("龙井虾仁", 128.0)
        cls.wine = dish("绍兴黄酒", 58.0, "drink")
        cls.tea = dish("龙井茶", 38.0, "drink")
        Partner = cls.env["res.partner"]
        cls.zhou = Partner.create({"name": "周文华", "is_fuxi_customer": True})
        cls.sun = Partner.create({"name": "孙丽红", "is_fuxi_customer": True})
        cls.qian = Partner.create({"name": "钱海峰", "is_fuxi_customer": True})
        Room = cls.env["fuxi.room"]
        cls.room = Room.create({"name": "测试包间", "kind": "room", "capacity": 10})
        cls.table = Room.create({"name": "测试大厅T1", "kind": "table", "capacity": 4})

    @classmethod
    def _visit(cls, partner, when, lines, **vals):
        """A done consumption record; lines are (product, quantity[, price[, discount]])."""
        line_vals = []
        for line in lines:
            product, qty = line[0], line[1]
            values = {"product_id": product.id, "quantity": qty}
            if len(line) > 2:
                values["price_unit"] = line[2]
            if len(line) > 3:
                values["discount"] = line[3]
            line_vals.append((0, 0, values))
        return cls.env["fuxi.consumption"].create(
            {
                "partner_id": partner.id if partner else False,
                "date": utc(when),
                "line_ids": line_vals,
                **vals,
            }
        )
