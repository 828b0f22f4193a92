import json
import uuid
from types import SimpleNamespace
from unittest.mock import patch

from odoo.tests import TransactionCase, new_test_user

from odoo.addons.bus.models.bus import channel_with_db, json_dump


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

    def _subscribed_notes(self, user, message_type="fuxi_kitchen/ticket"):
        """The bus rows of ``message_type`` (sent at commit) that reach ``user``'s websocket:
        those on the channels its subscription lists (ir.websocket, as the websocket
        server computes them for the user's session)."""
        self.env.cr.precommit.run()
        env = self.env(user=user)
        # the websocket's request, as far as the subscription reads it (no guest cookie)
        fake = SimpleNamespace(session=SimpleNamespace(uid=user.id), cookies={}, env=env)
        with (
            patch("odoo.addons.bus.models.ir_websocket.request", fake),
            patch("odoo.addons.mail.models.discuss.mail_guest.request", fake),
        ):
            channels = env["ir.websocket"]._build_bus_channel_list([])
        names = [json_dump(channel_with_db(self.env.cr.dbname, channel)) for channel in channels]
        return self.env["bus.bus"].search(
            [("channel", "in", names), ("message", "like", message_type)]
        )

    def _kitchen_payloads(self, user=None):
        """The tickets pushed to the test cook (or ``user``) over the bus (sent at commit)."""
        return [
            json.loads(note.message)["payload"]
            for note in self._subscribed_notes(user or self.cook)
        ]

    def _clear_bus(self):
        self.env.cr.precommit.run()
        self.env["bus.bus"].search([]).unlink()
