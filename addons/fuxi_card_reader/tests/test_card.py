import json
import re
import select
import threading
import time
import uuid
from datetime import timedelta
from unittest.mock import patch

import psycopg2

from odoo import api, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.sql_db import connection_info_for, db_connect
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import SQL, file_open

from odoo.addons.fuxi_card_reader.models import bus_bus as bus_module
from odoo.addons.fuxi_card_reader.models import fuxi_card_reader as reader_module
from odoo.addons.fuxi_card_reader.models.fuxi_card_reader import hash_token
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
        new_card = self.env["fuxi.card"].browse(self.card.replace_card("04B7C8D9"))
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
        self.assertNotIn("profile", blocked._payload(user=self.station))
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
        matches = two._payload(user=self.station)["matches"]
        self.assertEqual({m["id"] for m in matches}, {self.guest.id, self.other.id})
        none, _ = self.Swipe._process(
            self.reader, "13800000000", "phone", swipe_uid="call-00000003"
        )
        self.assertEqual(none.result, "no_match")

    def _plan(self, query):
        """EXPLAIN of `query` with sequential scans priced out: an index that can serve the
        query shows up in the plan even on the few rows of a test database."""
        self.env.cr.execute("SET enable_seqscan = off")
        self.addCleanup(self.env.cr.execute, "RESET enable_seqscan")
        self.env.cr.execute(SQL("EXPLAIN %s", query))
        return "\n".join(row[0] for row in self.env.cr.fetchall())

    def test_caller_lookup_matches_the_digits_however_typed(self):
        self.other.phone = "(0086) 139.0000/1111"
        self.assertEqual(self.Swipe._partners_with_phone("13900001111"), self.guest | self.other)
        self.other.phone = "tel. 13900001111 (mobile)"
        self.assertEqual(self.Swipe._partners_with_phone("13900001111"), self.guest | self.other)
        self.other.is_fuxi_customer = False
        self.assertEqual(self.Swipe._partners_with_phone("13900001111"), self.guest)

    def test_caller_found_among_thousands_sharing_the_last_digits(self):
        """However many guests' numbers contain the caller's last four digits, the caller's
        guest is found (the lookup once read the first 2,000 of those, by name, and missed
        the rest), by an index probe."""
        filler = self.env["res.partner"].create(
            {"name": "A 尾号相同", "is_fuxi_customer": True, "mobile": "13811110000"}
        )
        self.env.flush_all()
        cr = self.env.cr
        cr.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'res_partner'"
            " AND column_name NOT IN ('id', 'name', 'complete_name', 'mobile')"
        )
        copied = SQL(", ").join(SQL.identifier(row[0]) for row in cr.fetchall())
        # 2,100 guests named before this one, each a number containing its "1111"
        cr.execute(
            SQL(
                "INSERT INTO res_partner (name, complete_name, mobile, %s) SELECT"
                " 'A 尾号相同' || n, 'A 尾号相同' || n, '1381111' || lpad(n::text, 4, '0'), %s"
                " FROM res_partner, generate_series(1, 2100) n WHERE id = %s",
                copied,
                copied,
                filler.id,
            )
        )
        call, _ = self.Swipe._process(
            self.reader, "13900001111", "phone", swipe_uid="call-shared-tail"
        )
        self.assertEqual((call.result, call.partner_id), ("known", self.guest))
        # by the index of each column's digits, not by reading those 2,100 guests
        cr.execute("ANALYZE res_partner")
        forms = ["13900001111", "8613900001111", "008613900001111"]
        plan = self._plan(self.env["res.partner"]._fuxi_phone_digits_query(forms))
        self.assertIn("Index Cond: (regexp_replace((mobile)::text", plan)
        self.assertIn("res_partner_fuxi_mobile_digits_index", plan)

    def test_station_websocket_first_polls_read_an_index(self):
        """A websocket's polls in its first seconds (a station tab opening or reconnecting)
        read the notifications of the last 50 s by create_date: through an index, not a
        scan of the day of notifications bus.bus keeps (200 ms per call at 350,000 rows)."""
        query = self.env["bus.bus"]._search(
            [
                ("create_date", ">", fields.Datetime.now() - timedelta(seconds=50)),
                ("channel", "in", ['["db", "res.partner", 3]']),
            ]
        )
        self.assertRegex(self._plan(query.select("id")), r"Index Cond: \(.*create_date")

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
        # rights failures are AccessError (a UserError), saying what is missing
        with self.assertRaisesRegex(AccessError, "Only customer managers manage card readers"):
            self.reader.with_user(clerk).action_new_token()
        with self.assertRaisesRegex(AccessError, "Only customer managers manage card readers"):
            self.reader.with_user(clerk).action_revoke_token()
        viewer = new_test_user(
            self.env, "card_viewer", groups="fuxi_customer.group_fuxi_customer_viewer"
        )
        with self.assertRaisesRegex(AccessError, "You may not give cards to guests"):
            self.reader.with_user(viewer).start_binding(self.other)
        # a clerk may bind a card by number from the customer form
        wizard = (
            self.env["fuxi.card.bind"]
            .with_user(clerk)
            .create({"partner_id": self.other.id, "method": "number", "number": "11223344"})
        )
        wizard.action_confirm()
        self.assertEqual(self.other.card_ids.number, "11223344")

    def test_new_tokens_never_begin_with_a_dash(self):
        """The bridge's operators type the token after --token: one beginning with "-" was
        read as an option. New tokens are drawn again; one issued before still works."""
        drawn = ["-" + "a" * 42, "b" * 43]
        admin = self.env.ref("base.user_admin")
        with patch.object(reader_module.secrets, "token_urlsafe", side_effect=drawn):
            action = self.reader.with_user(admin).action_new_token()
        self.assertEqual(action["context"]["fuxi_reader_token"], "b" * 43)
        self.assertEqual(self.reader.token_hint, "bbbbbb…")
        self.assertEqual(self.env["fuxi.card.reader"]._authenticate("b" * 43), self.reader)
        self.reader.sudo().token_hash = hash_token("-" + "c" * 42)
        self.assertEqual(self.env["fuxi.card.reader"]._authenticate("-" + "c" * 42), self.reader)

    def test_cancel_binding_is_checked(self):
        """action_cancel_binding is a public method: a viewer (or a proxy's user) may not
        cancel a colleague's binding; a clerk may, and gets a plain value back."""
        self.reader.start_binding(self.other)
        viewer = new_test_user(
            self.env, "card_viewer_cancel", groups="fuxi_customer.group_fuxi_customer_viewer"
        )
        with self.assertRaisesRegex(AccessError, "You may not give cards to guests"):
            self.reader.with_user(viewer).action_cancel_binding()
        self.assertEqual(self.reader.bind_partner_id, self.other, "the binding is still there")
        clerk = new_test_user(
            self.env, "card_clerk_cancel", groups="fuxi_customer.group_fuxi_customer_user"
        )
        self.assertIs(self.reader.with_user(clerk).action_cancel_binding(), True)
        self.assertFalse(self.reader.bind_partner_id)

    def test_start_binding_checks_its_arguments(self):
        clerk = new_test_user(
            self.env, "card_clerk_args", groups="fuxi_customer.group_fuxi_customer_user"
        )
        reader = self.reader.with_user(clerk)
        contact = self.env["res.partner"].create({"name": "供应商联系人"})
        with self.assertRaisesRegex(UserError, "only guests get cards"):
            reader.start_binding(contact.id)
        with self.assertRaisesRegex(UserError, "Choose one existing guest"):
            reader.start_binding(999999999)
        with self.assertRaisesRegex(UserError, "Choose one existing guest"):
            reader.start_binding("x")
        with self.assertRaisesRegex(UserError, "Unknown card kind"):
            reader.start_binding(self.other.id, kind="paper")
        with self.assertRaisesRegex(UserError, "1 to 60 minutes"):
            reader.start_binding(self.other.id, minutes=100000)
        self.assertFalse(self.reader.bind_partner_id)
        # an id works as well as a record (the method is called over RPC)
        self.assertIs(reader.start_binding(self.other.id, kind="magstripe", minutes=2), True)
        self.assertEqual(
            (self.reader.bind_partner_id, self.reader.bind_kind), (self.other, "magstripe")
        )

    def test_rpc_verbs_return_plain_values(self):
        self.assertIs(self.reader.action_cancel_binding(), True)
        self.assertIs(self.card.action_report_lost(), True)
        self.assertIs(self.card.action_reactivate(), True)
        self.assertIs(self.card.action_block(), True)
        self.assertIs(
            self.reader.with_user(self.env.ref("base.user_admin")).action_revoke_token(), True
        )

    def _station_in_chinese(self):
        # English must be active, or writing the Chinese name overwrites the English one
        self.env["res.lang"]._activate_lang("en_US")
        self.env["res.lang"]._activate_lang("zh_CN")
        self.station.write({"lang": "zh_CN", "tz": "Asia/Shanghai"})
        gold = self.env["fuxi.customer.class"].create({"name": "Golden Card Guest"})
        gold.with_context(lang="zh_CN").name = "金卡客人"
        spicy = self.env["fuxi.taste"].create({"name": "Extra Spicy Test", "kind": "preference"})
        spicy.with_context(lang="zh_CN").name = "特辣测试"
        self.guest.write(
            {"customer_class_id": gold.id, "taste_preference_ids": [(6, 0, spicy.ids)]}
        )

    def test_swipe_is_pushed_in_the_station_users_language(self):
        """The proxy's request has no language (English): each station user still gets the
        profile and labels in their own language."""
        self._station_in_chinese()
        english = new_test_user(
            self.env, "card_station_en", groups="fuxi_customer.group_fuxi_customer_viewer"
        )
        english.lang = "en_US"
        self.reader.user_ids = [(4, english.id)]
        self.env.cr.precommit.run()
        self.env["bus.bus"].search([]).unlink()
        Swipe = self.Swipe.with_context(lang="en_US")
        Swipe._process(self.reader, "04A23B1C", swipe_uid="swipe-lang-known")
        self.card.action_report_lost()
        Swipe._process(self.reader, "04A23B1C", swipe_uid="swipe-lang-lost")
        self.env.cr.precommit.run()
        by_user = {}
        for note in self.env["bus.bus"].search(
            [("message", "like", "fuxi_card/swipe")], order="id"
        ):
            for user in (self.station, english):
                if f'"res.partner",{user.partner_id.id}]' in note.channel:
                    by_user.setdefault(user, []).append(json.loads(note.message)["payload"])
        zh_known, zh_lost = by_user[self.station]
        en_known, en_lost = by_user[english]
        self.assertEqual(zh_known["profile"]["customer_class"]["name"], "金卡客人")
        self.assertEqual(zh_known["profile"]["tastes"], ["特辣测试"])
        self.assertEqual(zh_lost["card_state_label"], "已挂失")
        self.assertEqual(en_known["profile"]["customer_class"]["name"], "Golden Card Guest")
        self.assertEqual(en_lost["card_state_label"], "Reported Lost")
        self.assertTrue(zh_known["sent_at"], "the server's time of the push, for replays")

    def test_only_staff_who_may_see_guests_are_notified(self):
        cook = new_test_user(self.env, "card_cook", groups="base.group_user")
        with self.assertRaises(ValidationError):
            self.reader.user_ids = [(4, cook.id)]
        # a station user who loses the right later is no longer notified; the others are
        other_station = new_test_user(
            self.env, "card_station_b", groups="fuxi_customer.group_fuxi_customer_viewer"
        )
        self.reader.user_ids = [(4, other_station.id)]
        self.station.groups_id = [(3, self.env.ref("fuxi_customer.group_fuxi_customer_viewer").id)]
        self.reader.invalidate_recordset(["user_ids"])
        self.assertEqual(self.reader.user_ids, other_station)
        self.env.cr.precommit.run()
        self.env["bus.bus"].search([]).unlink()
        swipe, _ = self.Swipe._process(self.reader, "04A23B1C", swipe_uid="swipe-0006-rights")
        self.assertEqual(swipe.result, "known")
        self.assertEqual(len(self._bus()), 1)
        channels = self.env["bus.bus"].search([]).mapped("channel")
        self.assertEqual(len(channels), 1)
        self.assertIn(f'"res.partner",{other_station.partner_id.id}]', channels[0])

    def test_new_guest_with_the_unknown_card(self):
        clerk = new_test_user(
            self.env, "card_clerk_new", groups="fuxi_customer.group_fuxi_customer_user"
        )
        Partner = (
            self.env["res.partner"]
            .with_user(clerk)
            .with_context(fuxi_card_number="62 2848 0402 5612 34", fuxi_card_kind="magstripe")
        )
        first = Partner.create({"name": "新客人甲", "is_fuxi_customer": True})
        self.assertEqual(first.card_ids.number, "622848040256123" + "4")
        self.assertEqual(first.card_ids.kind, "magstripe")
        # the form keeps its context: a second guest made from it does not take the card
        second = Partner.create({"name": "新客人乙", "is_fuxi_customer": True})
        self.assertFalse(second.card_ids)
        self.assertEqual(first.card_ids.state, "active")


@tagged("post_install", "-at_install")
class TestBusNotify(TransactionCase):
    """The bus's NOTIFY goes on the process's kept connection to the postgres database."""

    def _listen(self):
        connection = psycopg2.connect(**connection_info_for("postgres")[1])
        connection.autocommit = True
        with connection.cursor() as cr:
            cr.execute("LISTEN imbus")
        return connection

    def _notified(self, listener, timeout=10):
        channels = []
        deadline = time.monotonic() + timeout
        while not channels and time.monotonic() < deadline:
            if select.select([listener], [], [], 0.2)[0]:
                listener.poll()
                while listener.notifies:
                    channels += json.loads(listener.notifies.pop().payload)
        return channels

    def test_notify_on_a_kept_connection(self):
        listener = self._listen()
        notifier = bus_module._ImbusNotifier()
        channel = [self.env.cr.dbname, "fuxi_test_notify", 1]
        payload = json.dumps([channel])
        try:
            notifier.notify([payload])
            self.assertIn(channel, self._notified(listener))
            kept = notifier._connection
            notifier.notify([payload])
            self.assertIs(notifier._connection, kept, "the same connection, not a new one")
            self.assertIn(channel, self._notified(listener))
            # PostgreSQL closed it (restarted, an idle timeout): the NOTIFY goes on a new one
            with listener.cursor() as cr:
                cr.execute("SELECT pg_terminate_backend(%s)", [kept.get_backend_pid()])
            notifier.notify([payload])
            self.assertIsNot(notifier._connection, kept)
            self.assertIn(channel, self._notified(listener))
            # a forked process opens its own, and leaves its parent's open (closing it would
            # end the parent's session on their shared socket)
            parents = notifier._connection
            with patch.object(bus_module.os, "getpid", return_value=-1):
                notifier.notify([payload])
            self.assertIsNot(notifier._connection, parents)
            self.assertFalse(parents.closed)
            self.assertIn(channel, self._notified(listener))
            parents.close()
        finally:
            notifier._pid = bus_module.os.getpid()
            notifier._drop()
            listener.close()

    def test_a_commit_with_bus_messages_notifies_once(self):
        with patch.object(bus_module._notifier, "notify") as notify:
            self.env["bus.bus"]._sendone("fuxi_test_channel", "fuxi_test", {})
            self.env["bus.bus"]._sendone("fuxi_test_channel_2", "fuxi_test", {})
            self.env.cr.precommit.run()
            self.env.cr.postcommit.run()
        notify.assert_called_once()
        (payloads,) = notify.call_args.args
        channels = json.loads(payloads[0])
        self.assertEqual(
            channels,
            [
                [self.env.cr.dbname, "fuxi_test_channel"],
                [self.env.cr.dbname, "fuxi_test_channel_2"],
            ],
        )


@tagged("post_install", "-at_install")
class TestSwipeConcurrency(TransactionCase):
    """A proxy retrying while its first request still runs: two real transactions post the
    same swipe id at once; it is logged once and the second request is answered 'duplicate'."""

    def test_same_swipe_id_at_once(self):
        swipe_uid = f"race-{uuid.uuid4().hex}"
        connection = db_connect(self.env.cr.dbname)
        first_inserted = threading.Event()
        results, errors = {}, []

        def post(name):
            try:
                with connection.cursor() as cr:
                    env = api.Environment(cr, api.SUPERUSER_ID, {})
                    if name == "second":
                        first_inserted.wait(20)
                    swipe, duplicate = env["fuxi.card.swipe"]._process(
                        None, "0A0B0C0D", swipe_uid=swipe_uid
                    )
                    results[name] = (duplicate, swipe.ids)
                    if name == "first":
                        first_inserted.set()
                        threading.Event().wait(1.0)  # the second request now waits on the row
                    cr.commit()  # pylint: disable=invalid-commit
            except Exception as exc:  # noqa: BLE001 - reported by the assertion below
                errors.append(exc)

        threads = [threading.Thread(target=post, args=(n,)) for n in ("first", "second")]
        try:
            # the loser of the race is expected: no "bad query" ERROR for administrators
            with self.assertNoLogs("odoo.sql_db", level="ERROR"):
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join(60)
            self.assertFalse(errors)
            self.assertFalse(results["first"][0])
            self.assertTrue(results["second"][0], "the second is answered as a duplicate")
            with connection.cursor() as cr:
                cr.execute("SELECT COUNT(*) FROM fuxi_card_swipe WHERE swipe_uid = %s", [swipe_uid])
                self.assertEqual(cr.fetchone()[0], 1)
        finally:
            with connection.cursor() as cr:
                cr.execute("DELETE FROM fuxi_card_swipe WHERE swipe_uid = %s", [swipe_uid])
                # clean-up of the row the threads committed
                cr.commit()  # pylint: disable=invalid-commit


class TestCardTranslations(TransactionCase):
    """The reader's screens in Chinese: a reader's location is not a kitchen station (档口),
    its online flag is not 网络, the token dialog's button is not 已结账 (checked out)."""

    def test_reader_screens_in_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"].search(
            [("name", "=", "fuxi_card_reader")]
        )._update_translations("zh_CN", overwrite=True)
        Reader = self.env["fuxi.card.reader"].with_context(lang="zh_CN")
        labels = {
            name: field["string"]
            for name, field in Reader.fields_get(["station", "online"], ["string"]).items()
        }
        self.assertEqual(labels, {"station": "位置", "online": "读卡器在线"})
        arch = (
            self.env.ref("fuxi_card_reader.fuxi_card_reader_token_view_form")
            .with_context(lang="zh_CN")
            .arch
        )
        self.assertIn("我已复制令牌", arch)
        self.assertNotIn("已结账", arch)

    def test_every_term_is_translated(self):
        po = file_open("fuxi_card_reader/i18n/zh_CN.po").read()
        entries = re.findall(
            r'\nmsgid ("(?:[^"\\]|\\.)*"(?:\n"(?:[^"\\]|\\.)*")*)\nmsgstr ""\n\n', po
        )
        self.assertEqual(entries, [], "msgids without a Chinese translation")
        for wrong in ("已结账", "档口", '"网络"'):
            self.assertNotIn(wrong, po)
