import json

from odoo.exceptions import UserError, ValidationError
from odoo.tests import TransactionCase, new_test_user

from odoo.addons.fuxi_card_reader.models.fuxi_card_swipe import normalize_phone

from .common import make_world


class TestCards(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.station, cls.reader, cls.token, cls.guest, cls.other, cls.card = make_world(cls.env)
        cls.Swipe = cls.env["fuxi.card.swipe"]

    def test_number_is_normalised_and_unique_among_active_cards(self):
        self.assertEqual(self.card.number, "04A23B1C")
        with self.assertRaises(ValidationError):
            self.env["fuxi.card"].create({"number": "04a23b1c", "partner_id": self.other.id})
        with self.assertRaises(ValidationError):
            self.env["fuxi.card"].create({"number": "XYZ!", "partner_id": self.other.id})
        self.card.action_report_lost()
        self.assertEqual(self.card.state, "lost")
        # once lost, the number may be given again (a reprinted card)
        again = self.env["fuxi.card"].create({"number": "04A23B1C", "partner_id": self.other.id})
        with self.assertRaises(ValidationError):
            self.card.action_reactivate()  # two active cards with one number
        again.action_block()
        self.card.action_reactivate()
        self.assertEqual(self.card.state, "active")

    def test_replace_keeps_the_old_card(self):
        new_card = self.card.replace_card("04B7C8D9")
        self.assertEqual(self.card.state, "replaced")
        self.assertEqual(self.card.replaced_by_id, new_card)
        self.assertEqual(new_card.partner_id, self.guest)
        self.assertEqual(self.guest.card_count, 2)
        self.assertEqual(self.guest.active_card_number, "04B7C8D9")
        with self.assertRaises(UserError):
            self.card.replace_card("04B7C8DA")

    def _bus(self):
        self.env.cr.precommit.run()
        notes = self.env["bus.bus"].search([("message", "like", "fuxi_card/swipe")], order="id")
        return [json.loads(note.message)["payload"] for note in notes]

    def test_known_card_pushes_the_profile_to_the_station(self):
        self.env.cr.precommit.run()
        self.env["bus.bus"].search([]).unlink()
        swipe, duplicate = self.Swipe._process(
            self.reader, "04a23b1c", swipe_uid="swipe-0001-known"
        )
        self.assertFalse(duplicate)
        self.assertEqual((swipe.result, swipe.partner_id), ("known", self.guest))
        payloads = self._bus()
        self.assertEqual(len(payloads), 1)
        self.assertEqual(payloads[0]["profile"]["name"], self.guest.name)
        # the same swipe again (a proxy's retry): logged once, nobody notified again
        again, duplicate = self.Swipe._process(
            self.reader, "04a23b1c", swipe_uid="swipe-0001-known"
        )
        self.assertTrue(duplicate)
        self.assertEqual(again, swipe)
        self.assertEqual(len(self._bus()), 1)
        self.assertTrue(self.reader.last_seen)

    def test_unknown_blocked_and_binding(self):
        unknown, _ = self.Swipe._process(self.reader, "DEADBEEF", swipe_uid="swipe-0002-unknown")
        self.assertEqual(unknown.result, "unknown")
        self.card.action_block()
        blocked, _ = self.Swipe._process(self.reader, "04A23B1C", swipe_uid="swipe-0003-blocked")
        self.assertEqual((blocked.result, blocked.partner_id), ("blocked", self.guest))
        self.assertNotIn("profile", blocked.with_user(self.station)._payload(for_user=True))
        # bind next swipe: the next unknown card on this reader becomes the guest's card
        self.reader.start_binding(self.other)
        bound, _ = self.Swipe._process(self.reader, "CAFEF00D", swipe_uid="swipe-0004-bound")
        self.assertEqual((bound.result, bound.partner_id), ("bound", self.other))
        self.assertEqual(self.other.card_ids.number, "CAFEF00D")
        self.assertFalse(self.reader.bind_partner_id, "binding is for one card")
        later, _ = self.Swipe._process(self.reader, "CAFEF00E", swipe_uid="swipe-0005-later")
        self.assertEqual(later.result, "unknown")

    def test_caller_id(self):
        self.assertEqual(normalize_phone("+86 139-0000-1111"), "13900001111")
        self.assertEqual(normalize_phone("0086 13900001111"), "13900001111")
        self.assertEqual(normalize_phone("0571-8888 6666"), "057188886666")
        self.assertIsNone(normalize_phone("12"))
        one, _ = self.Swipe._process(self.reader, "13900001111", "phone", swipe_uid="call-00000001")
        self.assertEqual((one.result, one.partner_id), ("known", self.guest))
        self.other.phone = "139 0000 1111"
        two, _ = self.Swipe._process(
            self.reader, "+8613900001111", "phone", swipe_uid="call-00000002"
        )
        self.assertEqual((two.result, two.match_count), ("ambiguous", 2))
        matches = two.with_user(self.station)._payload(for_user=True)["matches"]
        self.assertEqual({m["id"] for m in matches}, {self.guest.id, self.other.id})
        none, _ = self.Swipe._process(
            self.reader, "13800000000", "phone", swipe_uid="call-00000003"
        )
        self.assertEqual(none.result, "no_match")

    def test_keyboard_wedge_for_the_user_at_the_screen(self):
        payload = self.Swipe.with_user(self.station).resolve_typed("04A23B1C")
        self.assertEqual(payload["result"], "known")
        self.assertEqual(payload["profile"]["id"], self.guest.id)
        swipe = self.Swipe.search([("user_id", "=", self.station.id)])
        self.assertEqual(swipe.identifier, "04A23B1C")
        with self.assertRaises(UserError):
            self.Swipe.with_user(self.station).resolve_typed("not a card")

    def test_rights(self):
        clerk = new_test_user(
            self.env, "card_clerk", groups="fuxi_customer.group_fuxi_customer_user"
        )
        with self.assertRaises(UserError):
            self.reader.with_user(clerk).action_new_token()
        with self.assertRaises(UserError):
            self.reader.with_user(clerk).action_revoke_token()
        viewer = new_test_user(
            self.env, "card_viewer", groups="fuxi_customer.group_fuxi_customer_viewer"
        )
        with self.assertRaises(UserError):
            self.reader.with_user(viewer).start_binding(self.other)
        # a clerk may bind a card by number from the customer form
        wizard = (
            self.env["fuxi.card.bind"]
            .with_user(clerk)
            .create({"partner_id": self.other.id, "method": "number", "number": "11223344"})
        )
        wizard.action_confirm()
        self.assertEqual(self.other.card_ids.number, "11223344")
