import xmlrpc.client

from odoo.tests import HttpCase, new_test_user, tagged

from .common import make_world

MANAGER_GROUPS = "base.group_system,fuxi_customer.group_fuxi_customer_manager"


@tagged("post_install", "-at_install")
class TestCardRpc(HttpCase):
    """What the browser and external clients call: plain values over XML-RPC, and no reader
    token readable once its dialog is gone."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.station, cls.reader, cls.token, cls.guest, cls.other, cls.card = make_world(
            cls.env, "rpc"
        )
        cls.manager = new_test_user(cls.env, "card_rpc_manager", groups=MANAGER_GROUPS)

    def _call(self, model, method, *args, **kwargs):
        return self.xmlrpc_object.execute_kw(
            self.env.cr.dbname,
            self.manager.id,
            self.manager.login,  # new_test_user's password is the login
            model,
            method,
            list(args),
            kwargs,
        )

    def test_public_methods_return_plain_values(self):
        reader, card = self.reader.id, self.card.id
        action = self._call("fuxi.card.reader", "action_new_token", [reader])
        self.assertEqual(action["res_model"], "fuxi.card.reader.token")
        self.assertIs(self._call("fuxi.card.reader", "action_revoke_token", [reader]), True)
        self.assertIs(
            self._call("fuxi.card.reader", "start_binding", [reader], self.other.id), True
        )
        self.assertIs(self._call("fuxi.card.reader", "action_cancel_binding", [reader]), True)
        self.assertIs(self._call("fuxi.card", "action_report_lost", [card]), True)
        self.assertIs(self._call("fuxi.card", "action_reactivate", [card]), True)
        self.assertIs(self._call("fuxi.card", "action_block", [card]), True)
        self._call("fuxi.card", "action_reactivate", [card])
        new_id = self._call("fuxi.card", "replace_card", [card], "04B7C8D9")
        self.assertIsInstance(new_id, int)
        self.assertEqual(self.env["fuxi.card"].browse(new_id).partner_id, self.guest)
        payload = self._call("fuxi.card.swipe", "resolve_typed", "04B7C8D9")
        self.assertEqual((payload["result"], payload["partner_id"]), ("known", self.guest.id))
        for method in ("action_bind_card", "action_view_cards"):
            self.assertEqual(
                self._call("res.partner", method, [self.guest.id])["type"], "ir.actions.act_window"
            )
        bind = self._call(
            "fuxi.card.bind",
            "create",
            {"partner_id": self.other.id, "method": "reader", "reader_id": reader},
        )
        self.assertEqual(
            self._call("fuxi.card.bind", "action_confirm", [bind])["tag"], "display_notification"
        )
        by_number = self._call(
            "fuxi.card.bind",
            "create",
            {"partner_id": self.other.id, "method": "number", "number": "A1B2C3D4"},
        )
        self.assertEqual(
            self._call("fuxi.card.bind", "action_confirm", [by_number])["type"],
            "ir.actions.act_window_close",
        )
        replace = self._call(
            "fuxi.card.replace", "create", {"card_id": new_id, "number": "A1B2C3D5"}
        )
        self.assertEqual(
            self._call("fuxi.card.replace", "action_confirm", [replace])["res_model"], "fuxi.card"
        )

    def test_rights_failures_over_rpc_are_access_errors(self):
        viewer = new_test_user(
            self.env, "card_rpc_viewer", groups="fuxi_customer.group_fuxi_customer_viewer"
        )
        self.reader.start_binding(self.other)
        with self.assertRaises(xmlrpc.client.Fault) as caught:
            self.xmlrpc_object.execute_kw(
                self.env.cr.dbname,
                viewer.id,
                viewer.login,
                "fuxi.card.reader",
                "action_cancel_binding",
                [[self.reader.id]],
                {},
            )
        # Odoo answers an AccessError with fault code 4 (a UserError would be 2)
        self.assertEqual(caught.exception.faultCode, 4)
        self.assertIn("You may not give cards to guests", caught.exception.faultString)
        self.assertEqual(self.reader.bind_partner_id, self.other)

    def test_no_generated_token_can_be_read_back(self):
        shown = [
            self._call("fuxi.card.reader", "action_new_token", [self.reader.id]) for _ in range(3)
        ]
        tokens = [self.token] + [action["context"]["fuxi_reader_token"] for action in shown]
        self.assertEqual(len(set(tokens)), 4)
        # the dialog shows the token it was opened with…
        dialog = self.xmlrpc_object.execute_kw(
            self.env.cr.dbname,
            self.manager.id,
            self.manager.login,
            "fuxi.card.reader.token",
            "read",
            [[shown[-1]["res_id"]], ["token"]],
            {"context": shown[-1]["context"]},
        )
        self.assertEqual(dialog[0]["token"], tokens[-1])
        # …and nothing read afterwards holds any of them
        everything = repr(
            [
                self._call("fuxi.card.reader.token", "search_read", [], []),
                self._call("fuxi.card.reader", "search_read", [], []),
            ]
        )
        for token in tokens:
            self.assertNotIn(token, everything)
            self.assertNotIn(token[:20], everything)
        self.env.cr.execute("SELECT * FROM fuxi_card_reader_token")
        self.assertNotIn(tokens[-1], repr(self.env.cr.fetchall()), "not even in the database")
