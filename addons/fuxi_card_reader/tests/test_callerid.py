import json
import random
import string
import time

from odoo.tests import HttpCase, tagged

from .common import make_world
from .inprocess import call_route


@tagged("post_install", "-at_install")
class TestCallerIdEndpoint(HttpCase):
    """What the station bridge's caller-ID watchers post to the swipe route (kind "phone"),
    and what a misconfigured or hostile client could post instead."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.station, cls.reader, cls.token, cls.guest, cls.other, cls.card = make_world(
            cls.env, "cid"
        )

    def _post(self, raw, authorization=None, in_process=False):
        """`authorization`: None for the reader's good token, False for no header;
        ``in_process``: through the route's handler without a socket."""
        headers = {"Content-Type": "application/json"}
        if authorization is not False:
            headers["Authorization"] = (
                f"Bearer {self.token}" if authorization is None else authorization
            )
        if in_process:
            return call_route(self.env, "/fuxi/card/swipe", raw, headers)
        return self.url_open("/fuxi/card/swipe", data=raw, headers=headers)

    def _call(self, identifier, **extra):
        return self._post(json.dumps({"identifier": identifier, "kind": "phone", **extra}))

    def test_known_caller_in_the_station_users_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.station.write({"lang": "zh_CN", "tz": "Asia/Shanghai"})
        gold = self.env["fuxi.customer.class"].create({"name": "Golden Caller"})
        gold.with_context(lang="zh_CN").name = "金卡来电客人"
        self.guest.customer_class_id = gold
        self.env.cr.precommit.run()
        answer = self._call("13900001111", swipe_id="cid-known-0001")
        self.assertEqual(answer.status_code, 200)
        self.assertEqual(answer.json()["result"], "known")
        self.env.cr.precommit.run()
        note = self.env["bus.bus"].search([("message", "like", "cid-known-0001")], limit=1)
        payload = json.loads(note.message)["payload"]
        self.assertEqual((payload["kind"], payload["partner_id"]), ("phone", self.guest.id))
        self.assertEqual(payload["profile"]["customer_class"]["name"], "金卡来电客人")

    def _pushed(self, swipe_id):
        self.env.cr.precommit.run()
        return self.env["bus.bus"].search_count([("message", "like", swipe_id)])

    def test_late_calls_are_logged_not_shown(self):
        """A call replayed by the bridge after an outage must not pop up as ringing now: read
        more than fuxi_card_reader.call_max_age seconds (60) before the bridge sent it, it is
        logged and not pushed. The age is measured on the bridge's own clock (read_at and
        sent_at), so a station PC whose clock is an hour off still pops its calls up."""
        off = time.time() - 3600  # the station PC's clock is an hour behind
        fresh = self._call(
            "13900001111", swipe_id="cid-late-0001", read_at=off - 2, sent_at=off
        ).json()
        self.assertEqual((fresh["result"], fresh["late"]), ("known", False))
        self.assertTrue(self._pushed("cid-late-0001"), "a call ringing now is shown")
        late = self._call(
            "13900001111", swipe_id="cid-late-0002", read_at=off - 300, sent_at=off
        ).json()
        self.assertEqual((late["result"], late["late"]), ("known", True))
        self.assertFalse(self._pushed("cid-late-0002"), "a call five minutes old is not")
        logged = self.env["fuxi.card.swipe"].search([("swipe_uid", "=", "cid-late-0002")])
        self.assertEqual((logged.kind, logged.partner_id), ("phone", self.guest))
        # an older bridge sends no sent_at: Odoo's clock measures the age
        old = self._call("13900001111", swipe_id="cid-late-0003", read_at=time.time() - 90)
        self.assertTrue(old.json()["late"])
        self.assertFalse(self._pushed("cid-late-0003"))
        # the window is a setting; cards are never "late"
        self.env["ir.config_parameter"].set_param("fuxi_card_reader.call_max_age", "600")
        kept = self._call(
            "13900001111", swipe_id="cid-late-0004", read_at=off - 300, sent_at=off
        ).json()
        self.assertFalse(kept["late"])
        self.assertTrue(self._pushed("cid-late-0004"))
        card = self._post(
            json.dumps(
                {"identifier": "04A23B1C", "swipe_id": "cid-late-card", "read_at": off - 900}
            )
        ).json()
        self.assertFalse(card["late"])
        self.assertTrue(self._pushed("cid-late-card"))
        bad = self._call("13900001111", swipe_id="cid-late-0005", sent_at="soon")
        self.assertEqual(bad.status_code, 400)
        self.assertIn("sent_at", bad.json()["error"])

    def test_caller_lookup_uses_trigram_indexes(self):
        """ILIKE '%1234%' on the raw numbers must not scan every partner: phone and mobile
        carry trigram (GIN) indexes. (Caller ID itself now looks a number up by its digits:
        test_card's test_caller_lookup_reads_the_digits_indexes.)"""
        self.env.cr.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'res_partner' AND indexdef ILIKE %s",
            ["%gin_trgm_ops%"],
        )
        definitions = " ".join(row[0] for row in self.env.cr.fetchall())
        for column in ("phone", "mobile"):
            self.assertRegex(
                definitions,
                rf"gin \({column} gin_trgm_ops\)|gin \(\({column}\)::text gin_trgm_ops\)",
            )

    def test_withheld_numbers_are_refused_not_looked_up(self):
        """The bridge never sends them; a client that does gets a 400, and nothing is logged
        or shown (a withheld number would match nobody, or anybody)."""
        for withheld in ("P", "O", "p", "anonymous", "<unknown>", "Private", ""):
            answer = self._call(withheld)
            self.assertEqual(answer.status_code, 400, withheld)
            self.assertIn("error", answer.json())
        self.assertFalse(self.env["fuxi.card.swipe"].search([("reader_id", "=", self.reader.id)]))

    def test_bad_tokens_get_403(self):
        body = json.dumps({"identifier": "13900001111", "kind": "phone"})
        for authorization in (
            False,
            "",
            "Bearer",
            "Bearer ",
            f"bearer {self.token}",
            f"Basic {self.token}",
            f"Bearer {self.token[:-1]}",
            f"Bearer {self.token}x",
            "Bearer " + "x" * 5000,
            "Bearer 卡号令牌卡号令牌卡号令牌卡号令牌卡号令牌".encode(),
            f"Bearer {self.token.upper()}",
        ):
            answer = self._post(body, authorization)
            self.assertEqual(answer.status_code, 403, authorization)
            self.assertEqual(answer.json(), {"error": "unknown or revoked token"})
        self.assertFalse(self.env["fuxi.card.swipe"].search([("reader_id", "=", self.reader.id)]))

    def test_no_5xx_for_generated_caller_id_input(self):
        """1,200 generated caller-ID reports, well and badly formed: every answer is JSON,
        200 or a 4xx with an error message, never a server error."""
        rng = random.Random(20261201)
        digits = string.digits
        odd = ["P", "O", "<unknown>", "anonymous", "＋８６", "１３９", "\x00", "\u202e", "卡"]
        statuses = {}
        sent = {"http": 0, "in_process": 0}
        for index in range(1200):
            # all through the route's handler; one in seven (every shape) also through a
            # socket and Odoo's dispatcher
            in_process = index % 7 != 0
            sent["in_process" if in_process else "http"] += 1
            shape = index % 6
            if shape == 0:  # plausible numbers with separators and prefixes
                number = "".join(rng.choice(digits) for _ in range(rng.randrange(0, 25)))
                number = rng.choice(["", "+86 ", "0086", "+1 ", "(", "-"]) + number
                body = {"identifier": number, "kind": "phone"}
            elif shape == 1:  # what a noisy serial line makes of a report
                noise = "".join(
                    rng.choice(digits + " +-()=NMBRDATE\r\n" + "".join(odd))
                    for _ in range(rng.randrange(0, 45))
                )
                body = {"identifier": noise, "kind": "phone"}
            elif shape == 2:  # non-string identifiers
                body = {
                    "identifier": rng.choice(
                        [None, 13900001111, 1.5e300, [], {}, True, ["139"], {"n": "139"}]
                    ),
                    "kind": "phone",
                }
            elif shape == 3:  # odd swipe ids and read times with a good number
                body = {
                    "identifier": "139" + "".join(rng.choice(digits) for _ in range(8)),
                    "kind": "phone",
                    "swipe_id": rng.choice(
                        [None, "", "x", "a" * 65, "合法吗合法吗合法吗", f"cid-gen-{index:05d}", 7]
                    ),
                    "read_at": rng.choice(
                        [None, 0, -1, "now", 1e20, float("nan"), 1795000000, [1]]
                    ),
                }
            elif shape == 4:  # wrong kinds
                body = {
                    "identifier": "13900001111",
                    "kind": rng.choice(["Phone", "tel", "", None, 1, "card ", "phone\x00"]),
                }
            else:  # random objects with caller-ID keys
                body = {
                    rng.choice(["identifier", "kind", "swipe_id", "read_at", "number"]): rng.choice(
                        odd + ["".join(rng.choice(digits) for _ in range(11)), None, 0]
                    )
                    for _ in range(rng.randrange(0, 5))
                }
            try:
                raw = json.dumps(body, allow_nan=True)
            except ValueError:
                raw = "{}"
            answer = self._post(raw, in_process=in_process)
            statuses[answer.status_code] = statuses.get(answer.status_code, 0) + 1
            self.assertLess(answer.status_code, 500, raw[:200])
            data = answer.json()
            if answer.status_code >= 400:
                self.assertIsInstance(data.get("error"), str, raw[:200])
            else:
                # without "kind" the digits are taken for a card number
                self.assertIn(
                    data["result"], ("known", "ambiguous", "no_match", "unknown", False), raw
                )
        self.assertGreater(statuses.get(400, 0), 300, statuses)
        self.assertGreater(statuses.get(200, 0), 100, statuses)
        self.assertEqual(sent, {"http": 172, "in_process": 1028})
