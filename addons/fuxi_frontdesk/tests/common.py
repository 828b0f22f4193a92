import json
import uuid

from odoo.tests import TransactionCase, new_test_user


def uid():
    return uuid.uuid4().hex


class FrontdeskCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        # the waiter of these tests voids sent dishes, as every waiter could before the
        # Void right (18.0.2.1.0); tests/test_lines.py checks a waiter without it
        cls.waiter = new_test_user(
            cls.env,
            "fd_waiter",
            groups="fuxi_frontdesk.group_fuxi_frontdesk_user,fuxi_frontdesk.group_fuxi_void",
        )
        cls.cook = new_test_user(cls.env, "fd_cook", groups="fuxi_frontdesk.group_fuxi_kitchen")
        cls.viewer = new_test_user(
            cls.env, "fd_viewer", groups="fuxi_frontdesk.group_fuxi_frontdesk_viewer"
        )
        Template = cls.env["product.template"]

        def dish(name, price, station, kind="dish"):
            template = Template.create(
                {"name": name, "list_price": price, "is_fuxi_dish": True, "fuxi_kind": kind}
            )
            template.fuxi_station = station
            return template.product_variant_id

        cls.fish = dish("测试醋鱼", 88.0, "hot")
        cls.pork = dish("测试东坡肉", 68.0, "hot")
        cls.cucumber = dish("测试拍黄瓜", 18.0, "cold")
        cls.beer = dish("测试啤酒", 12.0, "bar", "drink")
        cls.room = cls.env["fuxi.room"].create({"name": "测试雅间", "kind": "room", "capacity": 10})
        cls.table = cls.env["fuxi.room"].create({"name": "测试T9", "kind": "table", "capacity": 4})
        cls.guest = cls.env["res.partner"].create({"name": "测试客人", "is_fuxi_customer": True})
        cls.Order = cls.env["fuxi.frontdesk.order"].with_user(cls.waiter)

    def _open(self, room=None, **kwargs):
        payload = self.Order.open_table((room or self.room).id, **kwargs)
        return self.Order.browse(payload["id"])

    @staticmethod
    def _line(product, quantity=1, note="", line_uid=None):
        return {
            "uid": line_uid or uid(),
            "product_id": product.id,
            "quantity": quantity,
            "note": note,
        }

    def _kitchen_payloads(self):
        """The tickets pushed to the test cook over the bus (sent at commit)."""
        self.env.cr.precommit.run()
        notes = self.env["bus.bus"].search([("message", "like", "fuxi_kitchen/ticket")])
        return [
            json.loads(note.message)["payload"]
            for note in notes
            if json.loads(note.channel)[1:] == ["res.partner", self.cook.partner_id.id]
        ]

    def _clear_bus(self):
        self.env.cr.precommit.run()
        self.env["bus.bus"].search([]).unlink()
