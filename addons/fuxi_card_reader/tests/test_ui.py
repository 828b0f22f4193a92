from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestCardUi(HttpCase):
    def test_keyboard_wedge_swipe_opens_the_profile(self):
        user = new_test_user(
            self.env,
            "card_wedge_user",
            groups="fuxi_customer.group_fuxi_customer_viewer,fuxi_tracking.group_fuxi_tracking_viewer",
        )
        guest = self.env["res.partner"].create({"name": "磁条卡巡回客", "is_fuxi_customer": True})
        self.env["fuxi.card"].create(
            {"number": "6228480402561234", "partner_id": guest.id, "kind": "magstripe"}
        )
        self.start_tour(
            "/odoo/action-fuxi_card_reader.action_fuxi_card",
            "fuxi_card_wedge_swipe",
            login=user.login,
        )
        swipe = self.env["fuxi.card.swipe"].search([("user_id", "=", user.id)])
        self.assertEqual(swipe.partner_id, guest)

    def test_token_dialog_shows_the_token_once(self):
        manager = new_test_user(
            self.env,
            "card_token_manager",
            groups="fuxi_customer.group_fuxi_customer_manager",
        )
        reader = self.env["fuxi.card.reader"].create({"name": "令牌巡回读卡器"})
        self.start_tour(
            f"/odoo/action-fuxi_card_reader.action_fuxi_card_reader/{reader.id}",
            "fuxi_card_reader_token_shown_once",
            login=manager.login,
        )
        self.assertTrue(reader.sudo().token_hash)
        dialogs = self.env["fuxi.card.reader.token"].search([("reader_id", "=", reader.id)])
        self.assertTrue(dialogs)
        self.assertFalse(any(dialogs.mapped("token")), "nothing stored to read back")
