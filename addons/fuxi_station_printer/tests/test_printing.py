from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import PrinterCase, decode


@tagged("post_install", "-at_install")
class TestKitchenTickets(PrinterCase):
    def test_send_prints_the_station_ticket_in_chinese(self):
        """A send prints one ticket on the hot station's printer, read line by line: the
        station, the table big, guests / waiter / time, dishes big with quantities, options,
        the note highlighted, the guest's taboos highlighted, a cut."""
        order = self._open(guest_count=4, partner_id=self.guest.id)
        self._send(order, (self.fish, 2, "少辣"), (self.pork, 1, ""), (self.cucumber, 1, ""))
        jobs = self._jobs(self.hot_printer)
        self.assertEqual(len(jobs), 1)
        self.assertEqual(jobs.kind, "kitchen")
        self.assertEqual(jobs.state, "queued")
        [ticket] = self._printed(jobs)
        self.assertTrue(ticket.cut)
        texts = ticket.texts
        self.assertEqual(texts[0], self.hot.with_context(lang="zh_CN").name)  # 热菜间
        self.assertTrue(ticket.lines[0].big)
        self.assertEqual(ticket.lines[0].align, "center")
        self.assertIn("桌台：测试雅间", ticket.big_texts)
        self.assertTrue(any(t.startswith("人数：4") and "服务员：" in t for t in texts))
        self.assertTrue(any(t.startswith("时间：") for t in texts))
        self.assertIn("2 × 测试醋鱼", ticket.big_texts)
        self.assertIn("1 × 测试东坡肉", ticket.big_texts)
        self.assertNotIn("1 × 测试拍黄瓜", texts)  # the cold station's dish: no cold printer
        self.assertIn("备注：少辣", ticket.highlighted)
        self.assertIn("忌口：测试不吃辣", ticket.highlighted)
        self.assertFalse(any("加菜" in t for t in texts))
        # the note follows its dish
        self.assertEqual(texts.index("备注：少辣"), texts.index("2 × 测试醋鱼") + 1)

    def test_ticket_in_english_for_an_english_printer(self):
        self.hot_printer.lang = "en_US"
        order = self._open()
        self._send(order, (self.fish, 1, "no chili"))
        [ticket] = self._printed(self._jobs(self.hot_printer))
        self.assertIn("Table: 测试雅间", ticket.texts)
        self.assertIn("Note: no chili", ticket.highlighted)

    def test_later_send_is_marked_added_and_a_retry_prints_nothing(self):
        order = self._open()
        order.add_lines([self._line(self.fish)])
        order.action_send(send_uid="send-one-0001")
        order.action_send(send_uid="send-one-0001")  # a retry after a lost answer
        self.assertEqual(len(self._jobs(self.hot_printer)), 1)
        self._send(order, (self.pork, 1, ""))
        jobs = self._jobs(self.hot_printer)
        self.assertEqual(len(jobs), 2)
        [later] = self._printed(jobs[1])
        self.assertEqual(later.texts[1], "加菜")
        self.assertTrue(later.lines[1].invert)
        self.assertIn("1 × 测试东坡肉", later.big_texts)
        self.assertNotIn("1 × 测试醋鱼", later.texts)

    def test_send_to_three_printers_is_capped_in_queries(self):
        """The send request prints while the waiter waits: a send of three stations' dishes
        on three printers stays within its queries (it took 16 more with a printer search,
        a 加菜 check, a station search and an insert per ticket; 11 more with the printers'
        languages read through the ORM, a station search, whole rows of the waiter and the
        dishes, and a bus row per kitchen user), and every ticket of a later send says
        加菜."""
        Printer = self.env["fuxi.station.printer"]
        bar = self.env["fuxi.kitchen.station"].search([("code", "=", "bar")])
        printers = self.hot_printer
        for station in (self.cold, bar):
            printers |= Printer.create(
                {
                    "name": f"测试{station.code}厨打",
                    "kitchen_station_id": station.id,
                    "reader_id": self.reader.id,
                    "host": "127.0.0.1",
                    "lang": "zh_CN",
                }
            )
        dishes = ((self.fish, 1, "少辣"), (self.cucumber, 1, ""), (self.beer, 2, ""))
        self._send(self._open(self.table), *dishes)  # warms the registry's caches
        order = self._open()
        order.add_lines([self._line(*dish) for dish in dishes])
        self.env.invalidate_all()  # a request begins with an empty record cache
        with self.assertQueryCount(37):
            order.action_send(send_uid="send-capped-0001")
            self.env.cr.precommit.run()  # the bus messages are inserted at commit
        jobs = self.env["fuxi.station.printer.job"].search([("order_id", "=", order.id)])
        self.assertEqual(jobs.printer_id, printers)
        self.assertEqual(len(jobs), 3)
        self.assertEqual(jobs.company_id, self.env.company)
        self.assertEqual(jobs.ticket_id.room_id, self.room)
        for job in jobs:
            [ticket] = self._printed(job)
            self.assertNotIn("加菜", ticket.texts)
        self._send(order, (self.pork, 1, ""), (self.beer, 1, ""))
        later = self.env["fuxi.station.printer.job"].search(
            [("order_id", "=", order.id), ("id", "not in", jobs.ids)]
        )
        self.assertEqual(later.printer_id, self.hot_printer | printers[2])
        for job in later:
            [ticket] = self._printed(job)
            self.assertEqual(ticket.texts[1], "加菜")

    def test_void_prints_a_void_slip_with_the_reason(self):
        order = self._open()
        self._send(order, (self.fish, 3, ""))
        line = order.line_ids
        line.with_user(self.waiter).void_quantity(1, "客人不要了")
        jobs = self._jobs(self.hot_printer)
        self.assertEqual(jobs.mapped("kind"), ["kitchen", "void"])
        [slip] = self._printed(jobs[1])
        self.assertEqual(slip.texts[1], "退菜")
        self.assertIn("退 1 × 测试醋鱼", slip.big_texts)
        self.assertIn("原因：客人不要了", slip.highlighted)
        # the rest voided as a whole line: another slip
        line.with_user(self.waiter).void_line("上错了")
        [slip] = self._printed(self._jobs(self.hot_printer)[2])
        self.assertIn("退 2 × 测试醋鱼", slip.big_texts)

    def test_copies_and_paper_width(self):
        self.hot_printer.write({"copies": 2, "paper_width": "58"})
        order = self._open()
        self._send(order, (self.fish, 1, "一" * 40))
        tickets = self._printed(self._jobs(self.hot_printer))
        self.assertEqual(len(tickets), 2)
        self.assertEqual(tickets[0].texts, tickets[1].texts)
        # 58 mm: 32 columns, a Chinese character takes two
        self.assertIn("备注：" + "一" * 13, tickets[0].texts)

    def test_reprint_from_the_ticket_list(self):
        order = self._open()
        self._send(order, (self.fish, 1, ""))
        ticket = order.ticket_ids
        cook = self.cook
        job_ids = ticket.with_user(cook).action_reprint()
        self.assertIsInstance(job_ids, list)
        jobs = self._jobs(self.hot_printer)
        self.assertEqual(len(jobs), 2)
        [copy] = self._printed(jobs[1])
        self.assertEqual(copy.texts[0], "重打")
        self.assertIn("1 × 测试醋鱼", copy.big_texts)
        viewer = self.viewer
        with self.assertRaises(AccessError) as caught:
            ticket.with_user(viewer).action_reprint()
        self.assertIn("reprint", str(caught.exception))

    def test_prebill_on_the_front_desk_printer(self):
        order = self._open()
        self._send(order, (self.fish, 2, ""))
        answer = order.with_user(self.waiter).action_print_prebill_ticket()
        self.assertEqual(answer["printer"], "测试前台打印机")
        job = self.env["fuxi.station.printer.job"].browse(answer["job_id"])
        self.assertEqual(job.kind, "prebill")
        payload = job._payload()
        self.assertEqual((payload["connection"], payload["device"]), ("device", "/dev/usb/lp0"))
        [bill] = self._printed(job)
        self.assertIn("预结单", bill.big_texts)
        self.assertTrue(any("2 × 测试醋鱼" in t for t in bill.texts))
        self.assertTrue(any(t.startswith("合计：") and "176" in t for t in bill.big_texts))
        self.desk_printer.active = False
        with self.assertRaisesRegex(UserError, "前台打印机|front desk printer"):
            order.with_user(self.waiter).action_print_prebill_ticket()

    def test_checkout_prints_the_receipt(self):
        """结账单 on the front desk printer at checkout: company, table, guest, time, the
        dishes (voided ones left out, comped ones marked) and the total."""
        order = self._open(guest_count=3, partner_id=self.guest.id)
        self._send(order, (self.fish, 2, ""), (self.pork, 1, ""))
        order.line_ids.filtered(lambda line: line.product_id == self.pork).with_user(
            self.waiter
        ).void_line("上错了")
        answer = order.with_user(self.waiter).action_checkout(confirm=True)
        self.assertEqual(order.state, "done")
        self.assertEqual(answer["receipt_printer"], "测试前台打印机")
        job = self.env["fuxi.station.printer.job"].browse(answer["receipt_job_id"])
        self.assertEqual((job.kind, job.order_id), ("receipt", order))
        [receipt] = self._printed(job)
        self.assertTrue(receipt.cut)
        texts = receipt.texts
        self.assertEqual(texts[0], order.company_id.name)
        self.assertIn("结账单", receipt.big_texts)
        self.assertIn("桌台：测试雅间", receipt.big_texts)
        self.assertTrue(any(t.startswith("人数：3") for t in texts))
        self.assertTrue(any(t.startswith("时间：") for t in texts))
        self.assertIn(order.name, "".join(texts))  # 58 mm: the number may wrap
        self.assertIn(f"客人：{self.guest.name}", texts)
        self.assertTrue(any("2 × 测试醋鱼" in t and "176" in t for t in texts))
        self.assertFalse(any("测试东坡肉" in t for t in texts), "the voided dish is not billed")
        self.assertTrue(any(t.startswith("合计：") and "176" in t for t in receipt.big_texts))
        # the same content comes from the one overridable method
        env = self.desk_printer.with_user(self.waiter)._ticket_env()
        self.assertEqual(job.content, order.with_user(self.waiter)._fuxi_receipt_lines(env))

    def test_checkout_without_a_front_desk_printer(self):
        self.desk_printer.active = False
        order = self._open()
        self._send(order, (self.fish, 1, ""))
        answer = order.with_user(self.waiter).action_checkout(confirm=True)
        self.assertEqual(order.state, "done")
        self.assertNotIn("receipt_job_id", answer)
        self.assertFalse(
            self.env["fuxi.station.printer.job"].search(
                [("order_id", "=", order.id), ("kind", "=", "receipt")]
            )
        )
        # the printers a checkout looks for are cached: setting one up again is seen at once
        self.desk_printer.with_user(self.manager).active = True
        order = self._open()
        self._send(order, (self.fish, 1, ""))
        answer = order.with_user(self.waiter).action_checkout(confirm=True)
        self.assertEqual(answer["receipt_printer"], "测试前台打印机")
        # ... and so is one turned into a kitchen printer
        self.desk_printer.with_user(self.manager).write(
            {"usage": "kitchen", "kitchen_station_id": self.cold.id}
        )
        order = self._open()
        self._send(order, (self.fish, 1, ""))
        self.assertNotIn("receipt_job_id", order.with_user(self.waiter).action_checkout(True))


@tagged("post_install", "-at_install")
class TestPrinterSetup(PrinterCase):
    def test_only_managers_set_up_printers(self):
        vals = {
            "name": "测试凉菜厨打",
            "kitchen_station_id": self.cold.id,
            "reader_id": self.reader.id,
            "host": "192.168.1.51",
        }
        with self.assertRaises(AccessError):
            self.env["fuxi.station.printer"].with_user(self.waiter).create(vals)
        printer = self.env["fuxi.station.printer"].with_user(self.manager).create(vals)
        self.assertEqual(printer.port, 9100)
        with self.assertRaisesRegex(AccessError, "managers"):
            printer.with_user(self.cook).action_test_page()
        printer.with_user(self.manager).action_test_page()
        [page] = self._printed(self._jobs(printer))
        self.assertIn("伏羲餐饮 · 热菜 凉菜 酒水 · 退菜 加菜 忌口", page.texts)

    def test_ticket_language_of_a_printer_without_one(self):
        """A printer without a language prints in that of its bridge's first user (the
        reader's Notify list: active staff, by name), else in the company's; the time zone
        likewise, else the current user's (read in one query, as the ORM would)."""
        self.env["res.lang"]._activate_lang("zh_CN")
        viewer = "fuxi_customer.group_fuxi_customer_viewer"
        second = new_test_user(self.env, "fd_pr_zz", groups=viewer, name="Zz 测试乙")
        first = new_test_user(self.env, "fd_pr_aa", groups=viewer, name="Aa 测试甲")
        second.partner_id.write({"lang": "en_US", "tz": "Europe/Paris"})
        first.partner_id.write({"lang": "zh_CN", "tz": "Asia/Urumqi"})
        self.hot_printer.lang = False
        self.reader.user_ids = second | first
        company = self.env.company.partner_id
        company.write({"lang": "en_US", "tz": "America/New_York"})

        def locale():
            env = self.hot_printer._ticket_envs()[self.hot_printer]
            return env.lang, env.context.get("tz")

        self.env.flush_all()
        self.reader.invalidate_recordset(["user_ids"])  # as a new request reads them
        self.assertEqual(self.reader.user_ids[:1], first)
        self.assertEqual(locale(), ("zh_CN", "Asia/Urumqi"))
        first.active = False
        self.env.flush_all()
        self.reader.invalidate_recordset(["user_ids"])
        self.assertEqual(self.reader.user_ids[:1], second)
        self.assertEqual(locale(), ("en_US", "Europe/Paris"))
        self.reader.user_ids = False
        self.assertEqual(locale(), ("en_US", "America/New_York"))
        company.tz = False
        self.env.user.tz = "Asia/Chongqing"
        self.assertEqual(locale(), ("en_US", "Asia/Chongqing"))
        self.hot_printer.lang = "zh_CN"
        self.assertEqual(locale(), ("zh_CN", "Asia/Chongqing"))

    def test_bad_settings_are_refused_with_a_message(self):
        Printer = self.env["fuxi.station.printer"].with_user(self.manager)
        base = {
            "name": "测试坏打印机",
            "reader_id": self.reader.id,
            "kitchen_station_id": self.hot.id,
        }
        with self.assertRaisesRegex(ValidationError, "network address"):
            Printer.create({**base, "host": "http://x y"})
        with self.assertRaisesRegex(ValidationError, "65535"):
            Printer.create({**base, "host": "10.0.0.9", "port": 70000})
        with self.assertRaisesRegex(ValidationError, "/dev/usb/lp0"):
            Printer.create({**base, "connection": "device", "device_path": "lp0; rm -rf"})
        with self.assertRaisesRegex(ValidationError, "1 to 5 copies"):
            Printer.create({**base, "host": "10.0.0.9", "copies": 9})
        with self.assertRaisesRegex(ValidationError, "kitchen station"):
            Printer.create({**base, "host": "10.0.0.9", "kitchen_station_id": False})

    def test_other_company_printers_and_jobs_are_hidden(self):
        other = self.env["res.company"].create({"name": "测试分店"})
        printer = self.env["fuxi.station.printer"].create(
            {
                "name": "测试分店厨打",
                "kitchen_station_id": self.hot.id,
                "reader_id": self.reader.id,
                "host": "10.0.0.8",
                "company_id": other.id,
            }
        )
        printer._enqueue("test", [{"text": "x"}], title="x")
        self.assertFalse(
            self.env["fuxi.station.printer"]
            .with_user(self.manager)
            .search([("id", "=", printer.id)])
        )
        self.assertFalse(
            self.env["fuxi.station.printer.job"]
            .with_user(self.manager)
            .search([("printer_id", "=", printer.id)])
        )
        # an order of this company does not print on the other company's printer
        order = self._open()
        self._send(order, (self.fish, 1, ""))
        self.assertEqual(len(self._jobs(printer)), 1)


@tagged("post_install", "-at_install")
class TestDelivery(PrinterCase):
    def test_acknowledge_once_and_offline_warning(self):
        Job = self.env["fuxi.station.printer.job"]
        order = self._open()
        for _index in range(3):
            self._send(order, (self.fish, 1, ""))
        jobs = Job._waiting_for_reader(self.reader)
        self.assertEqual(jobs.mapped("sequence"), [1, 2, 3])
        self.assertEqual(set(jobs.mapped("state")), {"printing"})
        self.assertFalse(Job._waiting_for_reader(self.other_reader))
        # the printer is off: the first job fails, every job waits, the screens warn
        Job._acknowledge(self.reader, jobs[0].id, "failed", "offline")
        self.assertEqual(self.hot_printer.status, "offline")
        status = self.env["fuxi.station.printer"].with_user(self.cook).printer_status()
        self.assertEqual(
            status["offline"],
            [
                {
                    "id": self.hot_printer.id,
                    "name": "测试热菜厨打",
                    "station": "hot",
                    "reason": "offline",
                    "waiting": 3,
                }
            ],
        )
        self.assertEqual(Job._waiting_for_reader(self.reader), jobs)  # handed out again
        for job in jobs:
            self.assertEqual(Job._acknowledge(self.reader, job.id, "printed")[1], False)
        # the same acknowledgement again (a lost answer): nothing changes
        self.assertEqual(Job._acknowledge(self.reader, jobs[0].id, "printed")[1], True)
        self.assertEqual(set(jobs.mapped("state")), {"printed"})
        self.assertEqual(self.hot_printer.status, "ok")
        self.assertEqual(self.env["fuxi.station.printer"].printer_status(), {"offline": []})
        with self.assertRaisesRegex(UserError, "Unknown print job"):
            Job._acknowledge(self.other_reader, jobs[0].id, "printed")

    def test_interrupted_job_is_not_printed_again(self):
        Job = self.env["fuxi.station.printer.job"]
        order = self._open()
        self._send(order, (self.fish, 1, ""))
        job = Job._waiting_for_reader(self.reader)
        Job._acknowledge(self.reader, job.id, "failed", "interrupted")
        self.assertEqual(job.state, "interrupted")
        self.assertFalse(Job._waiting_for_reader(self.reader))
        new_ids = job.with_user(self.cook).action_reprint()
        self.assertEqual(Job.browse(new_ids).state, "queued")

    def test_cancel_needs_a_manager(self):
        order = self._open()
        self._send(order, (self.fish, 1, ""))
        job = self._jobs(self.hot_printer)
        with self.assertRaisesRegex(AccessError, "managers"):
            job.with_user(self.cook).action_cancel()
        job.with_user(self.manager).action_cancel()
        self.assertEqual(job.state, "cancel")
        user = new_test_user(self.env, "fd_plain_user", groups="base.group_user")
        with self.assertRaisesRegex(AccessError, "kitchen and front desk staff"):
            self.env["fuxi.station.printer"].with_user(user).printer_status()

    def test_render_decodes_back(self):
        from ..models import escpos

        data = escpos.render([escpos.row("退菜", big=True, invert=True), escpos.rule()], "80")
        [ticket] = decode(data)
        self.assertEqual(ticket.texts, ["退菜", "-" * 48])
        self.assertTrue(ticket.lines[0].big and ticket.lines[0].invert)
