import json
import random
import string

import requests

from odoo import http
from odoo.tests import HttpCase, new_test_user, tagged

from .common import make_world, new_token
from .inprocess import call_route


@tagged("post_install", "-at_install")
class TestSwipeEndpoint(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.station, cls.reader, cls.token, cls.guest, cls.other, cls.card = make_world(
            cls.env, "http"
        )

    def _post(self, body, token=None, path="/fuxi/card/swipe", raw=None, in_process=False):
        """Over HTTP, or with ``in_process`` through the route's handler without a socket."""
        headers = {"Content-Type": "application/json"}
        if token is not False:
            headers["Authorization"] = f"Bearer {token or self.token}"
        data = raw if raw is not None else json.dumps(body)
        if in_process:
            return call_route(self.env, path, data, headers)
        return self.url_open(path, data=data, headers=headers)

    def test_swipe_and_duplicate(self):
        answer = self._post(
            {"identifier": "04A23B1C", "swipe_id": "http-swipe-0001", "read_at": 1795000000.5}
        )
        self.assertEqual(answer.status_code, 200)
        self.assertEqual(answer.json()["result"], "known")
        self.assertFalse(answer.json()["duplicate"])
        again = self._post({"identifier": "04A23B1C", "swipe_id": "http-swipe-0001"})
        self.assertTrue(again.json()["duplicate"])
        self.assertEqual(
            self.env["fuxi.card.swipe"].search_count([("swipe_uid", "=", "http-swipe-0001")]), 1
        )
        beat = self._post({"version": "1.0.0"}, path="/fuxi/card/heartbeat")
        self.assertEqual(beat.json()["reader"], self.reader.name)
        self.reader.invalidate_recordset()
        self.assertEqual(self.reader.proxy_version, "1.0.0")

    def test_a_bridge_keeps_a_session_naming_the_database(self):
        """A bridge asking for a session (X-Fuxi-Session: keep) gets one naming the database
        and the language Odoo resolved, so that Odoo finds neither again before its calls;
        saved again at each heartbeat, and when Odoo lost it; nobody else gets one."""
        url = self.base_url()
        headers = {"Content-Type": "application/json", "Authorization": f"Bearer {self.token}"}
        keep = {**headers, "X-Fuxi-Session": "keep"}
        body = json.dumps({"identifier": "04A23B1C"})

        def post(path, headers, cookie=None):
            if cookie:
                headers = {**headers, "Cookie": f"session_id={cookie}"}
            answer = requests.post(url + path, data=body, headers=headers, timeout=60)
            self.assertLess(answer.status_code, 500)
            return answer

        # a client that does not ask (an older bridge) keeps getting none
        self.assertNotIn("session_id", post("/fuxi/card/swipe", headers).cookies)
        refused = post("/fuxi/card/swipe", {**keep, "Authorization": "Bearer " + "x" * 43})
        self.assertEqual(refused.status_code, 403)
        self.assertNotIn("session_id", refused.cookies)
        first = post("/fuxi/card/swipe", keep)
        self.assertEqual(first.json()["result"], "known")
        sid = first.cookies["session_id"]
        store = http.root.session_store
        session = store.get(sid)
        self.assertEqual(session["db"], self.env.cr.dbname)
        self.assertFalse(session["uid"], "a public visitor's session: the token gives the rights")
        installed = [code for code, _name in self.env["res.lang"].get_installed()]
        self.assertIn(session["context"]["lang"], installed)
        # sent back: the same session, not saved again
        again = post("/fuxi/card/swipe", keep, sid)
        self.assertEqual(again.json()["result"], "known")
        self.assertNotIn("session_id", again.cookies)
        # the heartbeat saves it again (its file's date: it does not expire)
        self.assertEqual(post("/fuxi/card/heartbeat", keep, sid).cookies["session_id"], sid)
        # a session Odoo lost (expired, deleted) is given again
        store.delete(store.get(sid))
        lost = post("/fuxi/card/swipe", keep, sid)
        self.assertEqual(lost.json()["result"], "known")
        self.assertEqual(store.get(lost.cookies["session_id"])["db"], self.env.cr.dbname)

    def test_tokens(self):
        self.assertEqual(self._post({"identifier": "04A23B1C"}, token=False).status_code, 403)
        self.assertEqual(self._post({"identifier": "04A23B1C"}, token="x" * 43).status_code, 403)
        self.reader.with_user(self.env.ref("base.user_admin")).action_revoke_token()
        answer = self._post({"identifier": "04A23B1C"})
        self.assertEqual(answer.status_code, 403)
        self.assertIn("error", answer.json())
        self.assertFalse(self.env["fuxi.card.swipe"].search([("reader_id", "=", self.reader.id)]))

    def test_rotated_token_replaces_the_old_one(self):
        old = self.token
        new = new_token(self.reader.with_user(self.env.ref("base.user_admin")))
        self.assertEqual(self._post({"identifier": "04A23B1C"}, token=old).status_code, 403)
        self.assertEqual(self._post({"identifier": "04A23B1C"}, token=new).status_code, 200)
        self.assertNotIn(new, str(self.reader.sudo().read(["token_hash", "token_hint"])))

    def test_bad_input_gets_400_json(self):
        cases = {
            "not json": b"{identifier: 04A2",
            "not an object": b"[1, 2]",
            "no identifier": b"{}",
            "non-hex card": json.dumps({"identifier": "04A2ZZZZ"}).encode(),
            "too long card": json.dumps({"identifier": "A" * 40}).encode(),
            "bad kind": json.dumps({"identifier": "04A23B1C", "kind": "face"}).encode(),
            "bad swipe id": json.dumps({"identifier": "04A23B1C", "swipe_id": "x"}).encode(),
            "bad read_at": json.dumps({"identifier": "04A23B1C", "read_at": "yesterday"}).encode(),
            "bad phone": json.dumps({"identifier": "call me", "kind": "phone"}).encode(),
            "bad utf-8": b'{"identifier": "\xff\xfe"}',
            "nested too deeply": b"[" * 2000 + b"]" * 2000,
            "object nested too deeply": (b'{"a":' * 680) + b"1" + b"}" * 680,
            "phone with letters": json.dumps(
                {"identifier": "139a0000b1111", "kind": "phone"}
            ).encode(),
        }
        for name, raw in cases.items():
            self.assertLessEqual(len(raw), 4096, name)
            answer = self._post(None, raw=raw)
            self.assertEqual(answer.status_code, 400, name)
            self.assertIn("error", answer.json(), name)
        # the refusals say what is wrong
        deep = self._post(None, raw=b"[" * 2000 + b"]" * 2000)
        self.assertEqual(deep.json()["error"], "the body is nested too deeply")
        letters = self._post({"identifier": "139a0000b1111", "kind": "phone"})
        # in the public user's language (the proxy sends none)
        self.assertRegex(letters.json()["error"], "only digits|只能包含数字")
        self.assertIn("139a0000b1111", letters.json()["error"])
        self.assertFalse(
            self.env["fuxi.card.swipe"].search([("identifier", "=", "13900001111")]),
            "the letters were not dropped to make up a number",
        )
        # what a caller-ID box sends around the digits is still accepted
        framed = self._post({"identifier": "+86 (139) 0000-1111", "kind": "phone"})
        self.assertEqual(framed.status_code, 200)
        self.assertEqual(framed.json()["result"], "known")
        huge = self._post(
            None, raw=json.dumps({"identifier": "04A23B1C", "pad": "x" * 10000}).encode()
        )
        self.assertEqual(huge.status_code, 413)

    def test_no_500_for_generated_bad_input(self):
        rng = random.Random(20261122)
        alphabet = string.printable + "中文卡号；？＝ñÇ\x00"
        values = [
            None,
            True,
            0,
            -1,
            1e308,
            [],
            {},
            "",
            " ",
            "0",
            "04A2",
            "04A23B1C" * 5,
            "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
            "'; DROP TABLE fuxi_card; --",
            "%s%s%n",
            "\u202e04A2",
        ]
        statuses = {}
        sent = {"http": 0, "in_process": 0}
        for index in range(1000):
            # all through the route's handler; one in seven (every shape) also through a
            # socket and Odoo's dispatcher
            in_process = index % 7 != 0
            sent["in_process" if in_process else "http"] += 1
            kind = index % 5
            if kind == 4:  # nested arrays and objects, deep enough to exhaust a decoder
                depth = rng.randrange(1, 2040)
                opener, closer = rng.choice([(b"[", b"]"), (b'{"a":', b"}")])
                depth = min(depth, 4096 // (len(opener) + len(closer)))
                raw = opener * depth + b"0" + closer * depth
            elif kind == 3 and index % 3 == 0:  # a caller's number with letters in it
                digits = "".join(rng.choice(string.digits) for _ in range(11))
                at = rng.randrange(len(digits))
                raw = json.dumps(
                    {
                        "identifier": digits[:at] + rng.choice(string.ascii_letters) + digits[at:],
                        "kind": "phone",
                    }
                ).encode()
                answer = self._post(None, raw=raw, in_process=in_process)
                self.assertEqual(answer.status_code, 400, raw)
                statuses[400] = statuses.get(400, 0) + 1
                continue
            elif kind == 0:  # random bytes
                raw = bytes(rng.randrange(256) for _ in range(rng.randrange(0, 80)))
            elif kind == 1:  # random text
                raw = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 80))).encode(
                    "utf-8", "replace"
                )
            else:  # JSON objects with odd values
                body = {
                    rng.choice(["identifier", "kind", "swipe_id", "read_at", "x"]): rng.choice(
                        values
                        + ["".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 40)))]
                    )
                    for _ in range(rng.randrange(0, 5))
                }
                raw = json.dumps(body).encode()
            answer = self._post(None, raw=raw, in_process=in_process)
            statuses[answer.status_code] = statuses.get(answer.status_code, 0) + 1
            self.assertLess(answer.status_code, 500, raw[:200])
        self.assertIn(400, statuses)
        self.assertEqual(sent, {"http": 143, "in_process": 857})

    def test_profile_pushed_in_the_station_users_language(self):
        """The proxy's request carries no language: a Chinese station gets Chinese labels and
        an English one English labels from the same swipe."""
        self.env["res.lang"]._activate_lang("en_US")  # or the Chinese name overwrites it
        self.env["res.lang"]._activate_lang("zh_CN")
        self.station.write({"lang": "zh_CN", "tz": "Asia/Shanghai"})
        english = new_test_user(
            self.env, "card_station_http_en", groups="fuxi_customer.group_fuxi_customer_viewer"
        )
        english.write({"lang": "en_US", "tz": "Europe/London"})
        self.reader.user_ids = [(4, english.id)]
        gold = self.env["fuxi.customer.class"].create({"name": "Golden Card Guest HTTP"})
        gold.with_context(lang="zh_CN").name = "金卡客人HTTP"
        self.guest.customer_class_id = gold
        self.env.cr.precommit.run()
        self.env["bus.bus"].search([]).unlink()
        answer = self._post({"identifier": "04A23B1C", "swipe_id": "http-swipe-lang-01"})
        self.assertEqual(answer.status_code, 200)
        self.assertNotIn("Accept-Language", answer.request.headers)
        self.env.cr.precommit.run()
        names = {}
        for note in self.env["bus.bus"].search([("message", "like", "http-swipe-lang-01")]):
            for user in (self.station, english):
                if f'"res.partner",{user.partner_id.id}]' in note.channel:
                    names[user] = json.loads(note.message)["payload"]["profile"]["customer_class"]
        self.assertEqual(names[self.station]["name"], "金卡客人HTTP")
        self.assertEqual(names[english]["name"], "Golden Card Guest HTTP")
