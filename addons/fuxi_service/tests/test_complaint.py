from datetime import datetime

from freezegun import freeze_time

from odoo.api import call_kw
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user

from .common import ServiceCase


class TestComplaintFlow(ServiceCase):
    def test_full_flow(self):
        complaint = self._complaint(severity="high", date=datetime(2026, 3, 1, 10, 0))
        self.assertEqual(complaint.state, "new")
        self.assertEqual(complaint.deadline, datetime(2026, 3, 1, 18, 0), "high: 8 hours")
        self.assertTrue(complaint.name.startswith("TS"))
        self.assertEqual(complaint.object_display, "测试醋鱼")
        with self.assertRaisesRegex(UserError, "Say which department or person handles"):
            complaint.action_assign()  # nobody responsible yet
        complaint.responsible_department_id = self.kitchen
        complaint.action_assign()
        self.assertEqual(complaint.state, "assigned")
        complaint.action_start()
        with self.assertRaisesRegex(UserError, "Record what was done for"):
            complaint.action_resolve()  # nothing recorded
        complaint.handling_ids = [(0, 0, {"action": "重新出菜", "result": "客人满意"})]
        complaint.write({"compensation_type": "free_dish", "compensation_note": "赠甜品"})
        with freeze_time("2026-03-01 13:30:00"):
            complaint.action_resolve()
        self.assertEqual(complaint.state, "resolved")
        self.assertAlmostEqual(complaint.resolve_hours, 3.5)
        with self.assertRaisesRegex(UserError, "Ask the guest how satisfied"):
            complaint.action_close()  # satisfaction unknown
        complaint.satisfaction = "satisfied"
        complaint.action_close()
        self.assertEqual(complaint.state, "closed")
        complaint.action_reopen()
        self.assertEqual(complaint.state, "in_progress")
        self.assertFalse(complaint.closed_date)

    def test_buttons_return_plain_values(self):
        """Every verb answers something XML-RPC can carry (never None or a recordset)."""
        complaint = self._complaint(responsible_department_id=self.kitchen.id)
        Complaint = self.env["fuxi.complaint"].with_user(self.lead)
        for verb in ("action_assign", "action_start"):
            self.assertIs(call_kw(Complaint, verb, [complaint.ids], {}), True, verb)
        complaint.handling_ids = [(0, 0, {"action": "处理"})]
        self.assertIs(call_kw(Complaint, "action_resolve", [complaint.ids], {}), True)
        complaint.satisfaction = "satisfied"
        for verb in ("action_close", "action_reopen"):
            self.assertIs(call_kw(Complaint, verb, [complaint.ids], {}), True, verb)

    def test_illegal_transitions_are_refused(self):
        complaint = self._complaint()
        with self.assertRaisesRegex(UserError, "cannot go from “New Complaint” to “In Progress”"):
            complaint.action_start()  # new → in progress
        with self.assertRaisesRegex(UserError, "Ask the guest how satisfied"):
            complaint.action_close()  # new → closed
        with self.assertRaisesRegex(UserError, "cannot go from “New Complaint” to “In Progress”"):
            complaint.action_reopen()  # new is not closed
        with self.assertRaisesRegex(UserError, "changes only through its buttons"):
            complaint.write({"state": "closed"})  # no way around the buttons
        complaint.write({"user_id": self.chef.id})
        self.assertEqual(complaint.state, "assigned", "giving it a person assigns it")
        with self.assertRaisesRegex(UserError, "cannot go from “Assigned” to “Assigned”"):
            complaint.action_assign()
        self.assertEqual(complaint.state, "assigned")

    def test_created_with_a_person_is_assigned_and_notified(self):
        complaint = self._complaint(user_id=self.chef.id, responsible_department_id=self.kitchen.id)
        self.assertEqual(complaint.state, "assigned")
        self.assertIn(self.chef, complaint.activity_ids.user_id)

    def test_deadline_follows_settings(self):
        self.env["ir.config_parameter"].sudo().set_param("fuxi_service.deadline_hours_low", 5)
        complaint = self._complaint(severity="low", date=datetime(2026, 3, 1, 10, 0))
        self.assertEqual(complaint.deadline, datetime(2026, 3, 1, 15, 0))


class TestTransferAndUrge(ServiceCase):
    def test_transfer_needs_the_right_and_is_logged(self):
        complaint = self._complaint(user_id=self.waiter.id, responsible_department_id=self.hall.id)
        with self.assertRaisesRegex(
            AccessError, "Transferring a complaint needs the Transfer right"
        ):
            complaint.with_user(self.waiter).action_transfer(
                self.kitchen.id, self.chef.id, "厨房问题"
            )
        with self.assertRaisesRegex(AccessError, "someone else needs the Transfer right"):
            complaint.with_user(self.waiter).write({"user_id": self.chef.id})
        self.assertFalse(complaint.transfer_ids)
        with self.assertRaisesRegex(UserError, "Say why the complaint is transferred"):
            complaint.with_user(self.dispatcher).action_transfer(self.kitchen.id, self.chef.id, " ")
        complaint.with_user(self.dispatcher).action_transfer(
            self.kitchen.id, self.chef.id, "出菜慢是厨房排单问题"
        )
        self.assertEqual(complaint.user_id, self.chef)
        self.assertEqual(complaint.responsible_department_id, self.kitchen)
        log = complaint.transfer_ids
        self.assertEqual(len(log), 1)
        self.assertEqual(
            (log.from_user_id, log.to_user_id, log.from_department_id, log.to_department_id),
            (self.waiter, self.chef, self.hall, self.kitchen),
        )
        self.assertEqual(log.user_id, self.dispatcher)
        self.assertEqual(log.reason, "出菜慢是厨房排单问题")
        self.assertIn(self.chef, complaint.activity_ids.user_id, "the new assignee has a to-do")
        self.assertNotIn(self.waiter, complaint.activity_ids.user_id)
        message = complaint.message_ids.filtered(lambda m: "出菜慢是厨房排单问题" in (m.body or ""))
        self.assertIn(self.chef.partner_id, message.partner_ids)
        # the same target again is refused; a closed complaint cannot be transferred
        with self.assertRaisesRegex(UserError, "already with this department and person"):
            complaint.with_user(self.lead).action_transfer(self.kitchen.id, self.chef.id, "再转")
        self.assertEqual(complaint.transfer_count, 1)

    def test_urge_needs_the_right_notifies_assignee_and_manager(self):
        complaint = self._complaint(user_id=self.chef.id, responsible_department_id=self.kitchen.id)
        with self.assertRaisesRegex(AccessError, "Urging a complaint needs the Urge right"):
            complaint.with_user(self.waiter).action_urge("快点")
        self.assertEqual(complaint.urge_count, 0)
        complaint.with_user(self.lead).action_urge("客人再次来电")
        self.assertEqual(complaint.urge_count, 1)
        urge = complaint.urge_ids
        self.assertEqual(urge.user_id, self.lead)
        self.assertFalse(urge.automatic)
        self.assertEqual(urge.notified_user_ids, self.chef | self.chef_boss)
        message = complaint.message_ids.filtered(lambda m: "客人再次来电" in (m.body or ""))
        self.assertEqual(message.partner_ids, (self.chef | self.chef_boss).partner_id)

    def test_the_automatic_urge_is_not_open_to_clients(self):
        """Only the overdue job urges without the right: a client cannot ask for it."""
        complaint = self._complaint(user_id=self.chef.id, responsible_department_id=self.kitchen.id)
        waiter_complaints = self.env["fuxi.complaint"].with_user(self.waiter)
        with self.assertRaisesRegex(TypeError, "unexpected keyword argument 'automatic'"):
            call_kw(waiter_complaints, "action_urge", [complaint.ids], {"automatic": True})
        with self.assertRaisesRegex(AccessError, "Urging a complaint needs the Urge right"):
            call_kw(waiter_complaints, "action_urge", [complaint.ids], {"note": "快"})
        self.assertEqual(complaint.urge_count, 0)
        self.assertFalse(complaint.urge_ids)

    def test_transfer_targets_must_be_staff_and_departments(self):
        complaint = self._complaint(user_id=self.waiter.id, responsible_department_id=self.hall.id)
        portal = new_test_user(self.env, "sv_portal_guest", groups="base.group_portal")
        gone = self.env["res.users"].search([], order="id desc", limit=1).id + 1000
        as_dispatcher = complaint.with_user(self.dispatcher)
        for department_id, user_id in (
            (False, portal.id),
            (False, gone),
            (self.env["hr.department"].search([], order="id desc", limit=1).id + 1000, False),
            ("3", False),
            (False, True),
        ):
            with self.assertRaisesRegex(
                UserError, "transferred to existing staff|Choose the department or the person"
            ):
                as_dispatcher.action_transfer(department_id, user_id, "转给别人")
        self.assertFalse(complaint.transfer_ids)
        self.assertEqual(complaint.user_id, self.waiter)

    def test_no_urge_on_resolved(self):
        complaint = self._complaint(user_id=self.chef.id)
        complaint.handling_ids = [(0, 0, {"action": "处理"})]
        complaint.action_resolve()
        with self.assertRaisesRegex(UserError, "resolved or closed: nothing to urge"):
            complaint.with_user(self.lead).action_urge()

    def test_overdue_complaints_are_urged_automatically(self):
        Complaint = self.env["fuxi.complaint"]
        with freeze_time("2026-05-01 10:00:00"):
            late = self._complaint(severity="critical", user_id=self.chef.id)  # due 12:00
            fine = self._complaint(severity="low", user_id=self.cook.id)  # due in 3 days
            done = self._complaint(severity="critical", user_id=self.cook.id)
            done.handling_ids = [(0, 0, {"action": "处理"})]
            done.action_resolve()
        with freeze_time("2026-05-01 11:00:00"):
            self.assertFalse(Complaint._cron_urge_overdue() & (late | fine | done))
            self.assertFalse(late.is_overdue)
        with freeze_time("2026-05-01 12:30:00"):
            late.invalidate_recordset(["is_overdue"])
            self.assertTrue(late.is_overdue)
            self.assertIn(late, Complaint.search([("is_overdue", "=", True)]))
            urged = Complaint._cron_urge_overdue()
            self.assertEqual(urged & (late | fine | done), late)
            self.assertTrue(late.urge_ids.automatic)
            self.assertEqual(late.urge_ids.notified_user_ids, self.chef | self.chef_boss)
        with freeze_time("2026-05-01 20:00:00"):
            self.assertFalse(Complaint._cron_urge_overdue() & late, "once a day at most")
        with freeze_time("2026-05-02 13:00:00"):
            self.assertEqual(Complaint._cron_urge_overdue() & (late | fine | done), late)
            self.assertEqual(late.urge_count, 2)


class TestComplaintAccess(ServiceCase):
    def test_staff_see_their_own_department_and_created(self):
        for_chef = self._complaint(user_id=self.chef.id, responsible_department_id=self.kitchen.id)
        for_kitchen = self._complaint(responsible_department_id=self.kitchen.id)
        for_hall = self._complaint(responsible_department_id=self.hall.id)
        by_cook = self._complaint(user=self.cook, responsible_department_id=self.hall.id)
        mine = for_chef | for_kitchen | for_hall | by_cook

        def visible(user):
            return self.env["fuxi.complaint"].with_user(user).search([("id", "in", mine.ids)])

        self.assertEqual(visible(self.chef), for_chef | for_kitchen)
        self.assertEqual(visible(self.cook), for_chef | for_kitchen | by_cook)
        self.assertEqual(visible(self.waiter), for_hall | by_cook)
        self.assertEqual(visible(self.lead), mine)
        with self.assertRaisesRegex(AccessError, r"fuxi\.complaint"):
            for_kitchen.with_user(self.waiter).read(["description"])
        # viewers read, never change
        self.assertEqual(visible(self.viewer), for_hall | by_cook)
        with self.assertRaisesRegex(AccessError, r"fuxi\.complaint"):
            for_hall.with_user(self.viewer).write({"description": "改"})
        with self.assertRaisesRegex(AccessError, r"fuxi\.complaint"):
            self._complaint(user=self.viewer)

    def test_transfer_and_urge_logs_follow_their_complaint(self):
        hall_case = self._complaint(user_id=self.waiter.id, responsible_department_id=self.hall.id)
        hall_case.with_user(self.dispatcher).action_transfer(
            self.kitchen.id, self.chef.id, "厨房出菜问题"
        )
        hall_case.with_user(self.lead).action_urge("客人又来电")
        kitchen_case = self._complaint(
            user_id=self.cook.id, responsible_department_id=self.kitchen.id
        )
        kitchen_case.with_user(self.lead).action_urge("催一下")
        logs = {
            "fuxi.complaint.transfer": hall_case.transfer_ids,
            "fuxi.complaint.urge": hall_case.urge_ids | kitchen_case.urge_ids,
        }
        for model, records in logs.items():

            def visible(user, model=model, records=records):
                return self.env[model].with_user(user).search([("id", "in", records.ids)])

            self.assertEqual(visible(self.lead), records, model)
            self.assertEqual(visible(self.chef), records, f"{model}: the kitchen's cases")
            # the case left the hall: the hall's staff see neither it nor its log
            self.assertFalse(visible(self.waiter), model)
            self.assertFalse(visible(self.viewer), model)

    def test_guest_profile_lists_open_complaints(self):
        open_one = self._complaint(user_id=self.chef.id, severity="high")
        closed = self._complaint(user_id=self.chef.id)
        closed.handling_ids = [(0, 0, {"action": "处理"})]
        closed.action_resolve()
        profile = self.guest.with_user(self.lead).get_fuxi_guest_profile()
        self.assertEqual([c["id"] for c in profile["open_complaints"]], [open_one.id])
        self.assertEqual(profile["open_complaints"][0]["severity"], "high")
        outsider = self.env["res.users"].create(
            {
                "name": "前台",
                "login": "sv_outsider",
                "groups_id": [(6, 0, self.env.ref("fuxi_customer.group_fuxi_customer_viewer").ids)],
            }
        )
        self.assertNotIn("open_complaints", self.guest.with_user(outsider).get_fuxi_guest_profile())

    def test_guest_profile_five_newest_open_complaints(self):
        with freeze_time("2021-03-10 12:00:00"):
            complaints = [
                self._complaint(date=datetime(2021, 3, day, 12, 0), severity="critical")
                for day in range(1, 8)
            ]
            profile = self.guest.with_user(self.lead).get_fuxi_guest_profile()
        listed = profile["open_complaints"]
        self.assertEqual([c["id"] for c in listed], [c.id for c in complaints[::-1][:5]])
        newest = complaints[-1]
        self.assertEqual(
            listed[0],
            {
                "id": newest.id,
                "name": newest.name,
                "date": "2021-03-07 12:00:00",
                "category": self.category.complete_name,
                "object": "测试醋鱼",
                "state": "new",
                "state_label": "New Complaint",
                "severity": "critical",
                "severity_label": "Critical",
                "overdue": True,
            },
        )

    def test_complaint_suggests_answers(self):
        self.env["fuxi.qa"].create(
            {"question": "上菜慢怎么安抚客人？", "answer": "<p>先致歉</p>", "state": "published"}
        )
        complaint = self._complaint(description="客人说上菜太慢了")
        self.assertIn("上菜慢怎么安抚客人？", complaint.suggested_qa_ids.mapped("question"))


class TestHandlingRecords(ServiceCase):
    def test_the_time_of_an_entry_is_when_it_was_recorded(self):
        complaint = self._complaint(user_id=self.chef.id, responsible_department_id=self.kitchen.id)
        with freeze_time("2026-05-01 10:00:00"):
            complaint.with_user(self.chef).handling_ids = [
                (0, 0, {"action": "重新出菜", "date": datetime(2048, 1, 1, 12, 0)})
            ]
            entry = complaint.handling_ids
            self.assertEqual(entry.date, datetime(2026, 5, 1, 10, 0), "not 2048: now")
            handling = self.env["fuxi.complaint.handling"].with_user(self.chef)
            back_dated = handling.create(
                {
                    "complaint_id": complaint.id,
                    "action": "补记",
                    "date": datetime(2026, 4, 1, 10, 0),
                }
            )
            self.assertEqual(back_dated.date, datetime(2026, 5, 1, 10, 0))
        with self.assertRaisesRegex(UserError, "handling record is when it was recorded"):
            entry.with_user(self.chef).write({"date": datetime(2048, 1, 1, 12, 0)})
        self.assertEqual(entry.date, datetime(2026, 5, 1, 10, 0))
        self.assertTrue(self.env["fuxi.complaint.handling"]._fields["date"].readonly)
        entry.with_user(self.chef).write({"result": "客人满意"})
        self.assertEqual(entry.result, "客人满意")


class TestNumbering(ServiceCase):
    def test_complaints_and_requests_are_numbered_by_the_shared_mixin(self):
        for model in ("fuxi.complaint", "fuxi.support.request"):
            self.assertIn("fuxi.sequence.mixin", self.env[model]._inherit_module)
        complaint = self._complaint()
        self.assertRegex(complaint.name, r"^TS\d{4}-\d{4}$")
        request = self.env["fuxi.support.request"].create({"question": "几点关门？"})
        self.assertRegex(request.name, r"^ZC\d{4}-\d{4}$")
        self.assertNotEqual(self._complaint().name, complaint.name)

    def test_integer_settings_fall_back(self):
        params = self.env["ir.config_parameter"].sudo()
        params.set_param("fuxi_service.deadline_hours_critical", "abc")
        complaint = self._complaint(severity="critical", date=datetime(2026, 3, 1, 10, 0))
        self.assertEqual(complaint.deadline, datetime(2026, 3, 1, 12, 0), "default: 2 hours")
        params.set_param("fuxi_service.deadline_hours_high", "0")
        complaint = self._complaint(severity="high", date=datetime(2026, 3, 1, 10, 0))
        self.assertEqual(complaint.deadline, datetime(2026, 3, 1, 18, 0), "0: the default")
