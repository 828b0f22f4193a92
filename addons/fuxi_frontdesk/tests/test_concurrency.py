import threading
import uuid

from odoo import api
from odoo.service.model import retrying
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestTwoScreensOneTable(TransactionCase):
    """Two front desks working on one table at the same time, each request in its own
    committed transaction replayed on serialisation errors as Odoo's RPC does."""

    def _call(self, uid, function):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, uid, {})
            return retrying(lambda: function(env), env)

    def _setup(self, env):
        tag = uuid.uuid4().hex[:8]
        user = env["res.users"].create(
            {
                "name": f"并发测试 {tag}",
                "login": f"fd_concurrency_{tag}",
                "groups_id": [(6, 0, [env.ref("fuxi_frontdesk.group_fuxi_frontdesk_user").id])],
            }
        )
        room = env["fuxi.room"].create({"name": f"并发桌 {tag}", "kind": "table"})
        templates = env["product.template"].create(
            [
                {"name": f"并发热菜 {tag}", "is_fuxi_dish": True, "list_price": 10},
                {
                    "name": f"并发啤酒 {tag}",
                    "is_fuxi_dish": True,
                    "fuxi_kind": "drink",
                    "list_price": 5,
                },
            ]
        )
        return user.id, room.id, templates.product_variant_ids.ids

    def _cleanup(self, env, user_id, room_id, product_ids):
        orders = env["fuxi.frontdesk.order"].search([("room_id", "=", room_id)])
        orders.ticket_ids.unlink()
        orders.line_ids.unlink()
        orders.unlink()
        env["fuxi.room"].browse(room_id).unlink()
        env["product.product"].browse(product_ids).product_tmpl_id.unlink()
        env["res.users"].browse(user_id).active = False

    def test_concurrent_opens_adds_and_sends(self):
        user_id, room_id, product_ids = self._call(self.env.uid, self._setup)
        try:
            screens, rounds = 2, 6
            start = threading.Barrier(screens)
            shared_uids = [uuid.uuid4().hex for _ in range(rounds)]  # both screens add these
            errors, order_ids = [], set()

            def screen(index):
                try:
                    start.wait()
                    for round_ in range(rounds):
                        order_id = self._call(
                            user_id,
                            lambda env: env["fuxi.frontdesk.order"].open_table(room_id, False, 2)[
                                "id"
                            ],
                        )
                        order_ids.add(order_id)
                        # a note per line: lines alike would add up on one (counted below)
                        lines = [
                            {
                                "uid": f"screen{index}-round{round_}",
                                "product_id": product_ids[index % 2],
                                "note": f"screen{index}-round{round_}",
                            },
                            {
                                "uid": shared_uids[round_],
                                "product_id": product_ids[0],
                                "note": shared_uids[round_],
                            },
                        ]
                        self._call(
                            user_id,
                            lambda env, order_id=order_id, lines=lines: env["fuxi.frontdesk.order"]
                            .browse(order_id)
                            .add_lines(lines),
                        )
                        self._call(
                            user_id,
                            lambda env, order_id=order_id: env["fuxi.frontdesk.order"]
                            .browse(order_id)
                            .action_send(uuid.uuid4().hex),
                        )
                except Exception as exc:  # noqa: BLE001 - reported by the assertion below
                    errors.append(repr(exc))

            threads = [threading.Thread(target=screen, args=(i,)) for i in range(screens)]
            # the designed waits and replays are not failures: no ERROR for administrators
            with self.assertNoLogs("odoo.sql_db", level="ERROR"):
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join(120)
            self.assertFalse(errors)
            self.assertEqual(len(order_ids), 1, "both screens work on the same order")

            def check(env):
                order = env["fuxi.frontdesk.order"].browse(order_ids.pop())
                lines = order.line_ids
                uids = lines.mapped("client_uid")
                self.assertEqual(len(uids), len(set(uids)), "no line twice")
                self.assertEqual(len(lines), screens * rounds + rounds, "no line lost")
                self.assertTrue(all(line.state == "sent" for line in lines), "every line sent")
                sent = [line.id for ticket in order.ticket_ids for line in ticket.line_ids]
                self.assertEqual(len(sent), len(set(sent)), "no line on two tickets")
                self.assertEqual(set(sent), set(lines.ids))

            self._call(user_id, check)
        finally:
            self._call(self.env.uid, lambda env: self._cleanup(env, user_id, room_id, product_ids))
