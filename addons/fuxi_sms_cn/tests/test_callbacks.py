import json
import random

from odoo.tests import tagged

from ..controllers.main import handle_callback
from .common import AliyunCase


@tagged("post_install", "-at_install")
class TestCallbackAbuse(AliyunCase):
    def post(self, url, body):
        data = body if isinstance(body, bytes) else json.dumps(body, ensure_ascii=False).encode()
        self.env.flush_all()
        answer = self.opener.post(
            url, data=data, headers={"Content-Type": "application/json"}, timeout=12
        )
        self.env.invalidate_all()
        return answer

    def test_bad_tokens_and_unknown_callbacks(self):
        good = self.company.sudo().fuxi_sms_callback_token
        for token in ("0" * 40, good[:-1] + ("0" if good[-1] != "0" else "1"), "short", "-" * 40):
            answer = self.post(self.callback_url("report", token), [])
            self.assertEqual(answer.status_code, 403, token)
            self.assertIn("token", answer.json()["error"])
        answer = self.post(f"{self.base_url()}/fuxi_sms/aliyun/else/{good}", [])
        self.assertEqual(answer.status_code, 404)
        # the token of one gateway does not open the other's route
        answer = self.post(f"{self.base_url()}/fuxi_sms/tencent/report/{good}", [])
        self.assertEqual(answer.status_code, 403)
        answer = self.url_open(self.callback_url("report"))  # GET
        self.assertEqual(answer.status_code, 405)

    def test_malformed_bodies_get_400(self):
        url = self.callback_url("report")
        bodies = (
            b"not json",
            b"",
            b"\xff\xfe",
            [],
            [1, 2],
            {"success": "yes", "biz_id": "1", "phone_number": "1"},
            [{"success": True}],
            [{"success": True, "biz_id": {}, "phone_number": "1"}],
            [{"success": True, "biz_id": "1", "phone_number": "1", "report_time": "yesterday"}],
            [{"success": True, "biz_id": "1\x00", "phone_number": "1"}],
        )
        for body in bodies:
            answer = self.post(url, body)
            self.assertEqual(answer.status_code, 400, body)
            self.assertIn("malformed", answer.json()["error"])
        answer = self.post(self.callback_url("reply"), [{"phone_number": "not a number"}])
        self.assertEqual(answer.status_code, 400)

    def test_a_thousand_generated_inputs_never_fail(self):
        """1,000 generated bodies through the callback's code in this process (a raised
        exception would be the route's 5xx), and a sample of them over HTTP."""
        rng = random.Random(20261201)
        atoms = [
            None,
            True,
            0,
            -1,
            10**30,
            1.5,
            "",
            "x" * 3000,
            "13800138000",
            "8613800138000",
            "2026-12-01 10:00:00",
            "2026-13-45 99:99:99",
            "T",
            "退订",
            "\u0000",
            [],
            {},
            [1],
            {"a": 1},
            "SUCCESS",
            "FAIL",
            "86",
        ]
        keys = [
            "success",
            "biz_id",
            "phone_number",
            "report_time",
            "err_code",
            "err_msg",
            "content",
            "out_id",
            "send_time",
            "report_status",
            "sid",
            "mobile",
            "nationcode",
            "text",
            "user_receive_time",
        ]

        def item():
            return {rng.choice(keys): rng.choice(atoms) for _i in range(rng.randint(0, 8))}

        def body():
            shape = rng.random()
            if shape < 0.1:
                return bytes(rng.randrange(256) for _i in range(rng.randint(0, 40)))
            if shape < 0.2:
                return json.dumps(rng.choice(atoms))
            if shape < 0.6:
                return json.dumps([item() for _i in range(rng.randint(0, 4))])
            return json.dumps(item())

        token = self.company.sudo().fuxi_sms_callback_token
        statuses = {}
        for _n in range(1000):
            kind = rng.choice(["report", "reply"])
            with self.env.cr.savepoint():
                status, answer = handle_callback(self.env, "aliyun", kind, token, body())
            self.assertIn(status, (200, 400), answer)
            statuses[status] = statuses.get(status, 0) + 1
        self.assertGreater(statuses.get(400, 0), 100)
        self.assertTrue(statuses.get(200), "some generated bodies are well-formed")
        for _n in range(60):
            raw = body()
            answer = self.post(
                self.callback_url(rng.choice(["report", "reply"])),
                raw.encode() if isinstance(raw, str) else raw,
            )
            self.assertLess(answer.status_code, 500)
