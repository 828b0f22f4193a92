import json
import random
import string
import xmlrpc.client

from odoo.tests import HttpCase, tagged

from odoo.addons.fuxi_card_reader.tests.inprocess import call_route

from .common import OTHER_TOKEN, TOKEN, PrinterCase


@tagged("post_install", "-at_install")
class TestPrinterEndpoints(HttpCase, PrinterCase):
    def _post(
        self, body, token=None, path="/fuxi/station/printer/jobs", raw=None, in_process=False
    ):
        """Over HTTP, or with ``in_process`` through the route's handler without a socket."""
        headers = {"Content-Type": "application/json"}
        if token is not False:
            headers["Authorization"] = f"Bearer {token or TOKEN}"
        data = raw if raw is not None else json.dumps(body)
        if in_process:
            return call_route(self.env, path, data, headers)
        return self.url_open(path, data=data, headers=headers)

    def _queue(self, count=1):
        order = self._open()
        for _index in range(count):
            self._send(order, (self.fish, 1, ""))
        return order

    def test_fetch_and_acknowledge(self):
        self._queue(2)
        answer = self._post({"wait": 0})
        self.assertEqual(answer.status_code, 200)
        jobs = answer.json()["jobs"]
        self.assertEqual([job["sequence"] for job in jobs], [1, 2])
        self.assertEqual(jobs[0]["host"], "127.0.0.1")
        self.assertEqual(jobs[0]["port"], 9100)
        self.assertTrue(jobs[0]["data"])
        # another bridge gets nothing of this one
        self.assertEqual(self._post({}, token=OTHER_TOKEN).json()["jobs"], [])
        ack = self._post(
            {"job_id": jobs[0]["job_id"], "status": "printed"}, path="/fuxi/station/printer/ack"
        )
        self.assertEqual(
            ack.json(),
            {"ok": True, "job_id": jobs[0]["job_id"], "state": "printed", "duplicate": False},
        )
        again = self._post(
            {"job_id": jobs[0]["job_id"], "status": "printed"}, path="/fuxi/station/printer/ack"
        )
        self.assertTrue(again.json()["duplicate"])
        other = self._post(
            {"job_id": jobs[1]["job_id"], "status": "printed"},
            token=OTHER_TOKEN,
            path="/fuxi/station/printer/ack",
        )
        self.assertEqual(other.status_code, 404)
        self.assertEqual(
            [job["job_id"] for job in self._post({}).json()["jobs"]], [jobs[1]["job_id"]]
        )
        # a burst of results in one request; an unknown job is answered, not fatal
        batch = self._post(
            {
                "acks": [
                    {"job_id": jobs[1]["job_id"], "status": "printed"},
                    {"job_id": jobs[0]["job_id"], "status": "printed"},
                    {"job_id": 2**31 - 1, "status": "failed", "reason": "offline"},
                ]
            },
            path="/fuxi/station/printer/ack",
        ).json()["results"]
        self.assertEqual([item.get("duplicate") for item in batch], [False, True, None])
        self.assertEqual(batch[2]["error"], "unknown print job")
        self.assertEqual(self._post({}).json()["jobs"], [])
        # a round's results ride on the next fetch (one request per round); a fetch without
        # them answers no "results" (a bridge tells an older Odoo by that)
        self._queue(1)
        [job] = self._post({}).json()["jobs"]
        answer = self._post({"acks": [{"job_id": job["job_id"], "status": "printed"}]}).json()
        self.assertEqual((answer["jobs"], answer["results"][0]["state"]), ([], "printed"))
        self.assertNotIn("results", self._post({}).json())
        bad = self._post({"acks": [{"job_id": job["job_id"], "status": "lost"}]})
        self.assertEqual(bad.status_code, 400)
        self.assertIn("status", bad.json()["error"])

    def test_tokens(self):
        for path in ("/fuxi/station/printer/jobs", "/fuxi/station/printer/ack"):
            self.assertEqual(self._post({}, token=False, path=path).status_code, 403)
            answer = self._post({}, token="x" * 43, path=path)
            self.assertEqual(answer.status_code, 403)
            self.assertIn("error", answer.json())

    def test_bad_input_gets_400_json(self):
        ack = "/fuxi/station/printer/ack"
        cases = [
            ("/fuxi/station/printer/jobs", None, b"not json", "not JSON"),
            ("/fuxi/station/printer/jobs", None, b"[1]", "JSON object"),
            ("/fuxi/station/printer/jobs", {"wait": -1}, None, "wait"),
            ("/fuxi/station/printer/jobs", {"wait": "5"}, None, "wait"),
            ("/fuxi/station/printer/jobs", {"wait": 99}, None, "wait"),
            ("/fuxi/station/printer/jobs", {"limit": 0}, None, "limit"),
            (ack, {"job_id": "1", "status": "printed"}, None, "job_id"),
            (ack, {"job_id": True, "status": "printed"}, None, "job_id"),
            (ack, {"job_id": 1, "status": "done"}, None, "status"),
            (ack, {"job_id": 1, "status": "failed"}, None, "reason"),
            (ack, {"job_id": 1, "status": "failed", "reason": "x" * 300}, None, "reason"),
            (ack, {"acks": []}, None, "acks"),
            (ack, {"acks": {"job_id": 1}}, None, "acks"),
            (ack, {"acks": [1]}, None, "object"),
            (ack, {"acks": [{"job_id": 1, "status": "printed"}] * 51}, None, "acks"),
        ]
        for path, body, raw, message in cases:
            answer = self._post(body, path=path, raw=raw)
            self.assertEqual(answer.status_code, 400, (path, body, raw))
            self.assertIn(message, answer.json()["error"])
        self.assertEqual(
            self._post({"job_id": 2**31 - 1, "status": "printed"}, path=ack).status_code, 404
        )

    def test_generated_inputs_never_5xx(self):
        self._queue(1)
        rng = random.Random(20261201)
        values = [
            [{"job_id": 1, "status": "printed"}],
            [None, {"job_id": "x"}],
            None,
            True,
            False,
            0,
            -1,
            1.5,
            1e308,
            [],
            {},
            "",
            "printed",
            "failed",
            "offline",
            "paper_out",
            "interrupted",
            2**31,
            2**63,
            "中文",
            "'; --",
            "%s%n",
        ]
        keys = ["job_id", "status", "reason", "wait", "limit", "acks", "x"]
        statuses = {}
        sent = {"http": 0, "in_process": 0}
        for index in range(1000):
            # all through the routes' handlers; one in nine (every shape, both routes) also
            # through a socket and Odoo's dispatcher
            in_process = index % 9 != 0
            sent["in_process" if in_process else "http"] += 1
            path = "/fuxi/station/printer/ack" if index % 2 else "/fuxi/station/printer/jobs"
            kind = index % 7
            if kind == 6:
                depth = rng.randrange(1, 1000)
                raw = b"[" * depth + b"0" + b"]" * depth
                answer = self._post(None, path=path, raw=raw, in_process=in_process)
            elif kind == 5:
                # at least one byte: url_open sends a GET without a body (405 from the router)
                raw = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 64)))
                answer = self._post(None, path=path, raw=raw, in_process=in_process)
            elif kind == 4:
                alphabet = string.ascii_letters + string.digits + "-_.~+/="
                token = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 80)))
                answer = self._post(
                    {}, path=path, token=token.strip() or "x", in_process=in_process
                )
            else:
                body = {rng.choice(keys): rng.choice(values) for _ in range(rng.randrange(0, 4))}
                if kind == 3:
                    body["wait"] = 0
                answer = self._post(body, path=path, in_process=in_process)
            statuses[answer.status_code] = statuses.get(answer.status_code, 0) + 1
            self.assertLess(answer.status_code, 500, (path, index))
            if answer.status_code != 200:
                self.assertEqual(
                    answer.headers.get("Content-Type"),
                    "application/json; charset=utf-8",
                    (answer.status_code, answer.text[:200]),
                )
                self.assertIn("error", answer.json())
        self.assertTrue({200, 400, 403} <= set(statuses), statuses)
        self.assertEqual(sent, {"http": 112, "in_process": 888})

    def test_screen_verbs_over_xmlrpc(self):
        order = self._queue(1)
        self.hot_printer._set_status("offline", "offline")
        self.cook.password = "fd-cook-password-1"
        self.waiter.password = "fd-waiter-password-1"
        status = self.xmlrpc_object.execute(
            self.env.cr.dbname,
            self.cook.id,
            "fd-cook-password-1",
            "fuxi.station.printer",
            "printer_status",
        )
        self.assertEqual(status["offline"][0]["waiting"], 1)
        answer = self.xmlrpc_object.execute(
            self.env.cr.dbname,
            self.waiter.id,
            "fd-waiter-password-1",
            "fuxi.frontdesk.order",
            "action_print_prebill_ticket",
            [order.id],
        )
        self.assertEqual(answer["printer"], "测试前台打印机")
        with self.assertRaises(xmlrpc.client.Fault) as caught:
            self.xmlrpc_object.execute(
                self.env.cr.dbname,
                self.cook.id,
                "fd-cook-password-1",
                "fuxi.station.printer.job",
                "action_cancel",
                [answer["job_id"]],
            )
        self.assertIn("managers", caught.exception.faultString)
