from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form

from .common import FuxiTrackingCase


class TestConsumption(FuxiTrackingCase):
    def test_amounts_from_lines_and_drinks_apart(self):
        visit = self._visit(
            self.zhou,
            "2026-05-01 12:00",
            [(self.fish, 1), (self.pork, 2, 60.0), (self.wine, 2), (self.tea, 1, 38.0, 50)],
            guest_count=4,
        )
        self.assertEqual(visit.amount_dishes, 88 + 120)
        self.assertEqual(visit.amount_drinks, 116 + 19)
        self.assertEqual(visit.amount_total, 88 + 120 + 116 + 19)
        self.assertEqual(
            visit.line_ids.filtered(lambda line: line.product_id == self.wine).kind, "drink"
        )
        self.assertEqual(visit.line_ids.mapped("partner_id"), self.zhou)
        self.assertTrue(visit.name.startswith("XF"))

    def test_created_in_one_insert_per_table(self):
        """The amounts, the class and the lines' customer and date are precomputed: a new
        visit is not UPDATEd right after its INSERT (every checkout creates one)."""
        self.env.flush_all()
        with self.assertLogs("odoo.sql_db", "DEBUG") as logs:
            visit = self._visit(self.zhou, "2026-05-01 12:00", [(self.fish, 1), (self.wine, 2)])
            self.env.flush_all()
        updates = [
            line
            for line in logs.output
            if "UPDATE" in line
            and ('"fuxi_consumption"' in line or "fuxi_consumption_line" in line)
        ]
        self.assertFalse(updates)
        self.env.invalidate_all()
        self.assertEqual(
            (visit.amount_total, visit.amount_drinks, visit.customer_class_id, visit.is_walk_in),
            (88 + 116, 116, self.zhou.customer_class_id, False),
        )
        self.assertEqual(set(visit.line_ids.mapped("date")), {visit.date})
        self.assertEqual(visit.line_ids.partner_id, self.zhou)

    def test_numbered_by_the_sequence_of_its_company(self):
        """fuxi.sequence.mixin: the number comes from the record's company's sequence."""
        branch = self.env["res.company"].create({"name": "伏羲二店"})
        self.env["ir.sequence"].create(
            {
                "name": "二店消费记录",
                "code": "fuxi.consumption",
                "prefix": "EB-",
                "padding": 3,
                "company_id": branch.id,
            }
        )
        visit = self.env["fuxi.consumption"].create(
            {"partner_id": self.zhou.id, "company_id": branch.id}
        )
        self.assertEqual(visit.name, "EB-001")
        here = self._visit(self.zhou, "2026-05-01 12:00", [(self.fish, 1)])
        self.assertTrue(here.name.startswith("XF"))

    def test_walk_in_guest_without_profile(self):
        visit = self._visit(False, "2026-05-01 12:00", [(self.fish, 1)])
        self.assertTrue(visit.is_walk_in)
        self.assertEqual(
            visit.customer_class_id, self.env.ref("fuxi_customer.customer_class_walk_in")
        )
        self.assertFalse(self._visit(self.zhou, "2026-05-01 12:00", [(self.fish, 1)]).is_walk_in)

    def test_bad_lines_refused(self):
        with self.assertRaises(ValidationError):
            self._visit(self.zhou, "2026-05-01 12:00", [(self.fish, -1)])
        with self.assertRaises(ValidationError):
            self._visit(self.zhou, "2026-05-01 12:00", [(self.fish, 1, 88.0, 120)])

    def test_waiter_records_but_only_manager_corrects(self):
        visit = (
            self.env["fuxi.consumption"]
            .with_user(self.waiter)
            .create(
                {
                    "partner_id": self.zhou.id,
                    "room_id": self.room.id,
                    "line_ids": [(0, 0, {"product_id": self.fish.id, "quantity": 2})],
                }
            )
        )
        self.assertEqual(visit.amount_total, 176)
        with self.assertRaises(UserError):
            visit.with_user(self.waiter).write({"guest_count": 9})
        with self.assertRaises(UserError):
            visit.line_ids.with_user(self.waiter).write({"quantity": 1})
        with self.assertRaises(UserError):
            self.env["fuxi.consumption.line"].with_user(self.waiter).create(
                {"consumption_id": visit.id, "product_id": self.tea.id, "quantity": 1}
            )
        with self.assertRaises(AccessError):
            visit.with_user(self.waiter).unlink()
        # the manager corrects; the change is tracked in the chatter
        visit.with_user(self.manager).with_context(tracking_disable=False).write(
            {"guest_count": 3, "line_ids": [(1, visit.line_ids.id, {"quantity": 1})]}
        )
        self.assertEqual(visit.amount_total, 88)
        self.env.cr.precommit.run()  # tracking values are written just before the commit
        tracked = visit.sudo().message_ids.tracking_value_ids.mapped("field_id.name")
        self.assertIn("guest_count", tracked)
        self.assertIn("amount_total", tracked)

    def test_correction_refused_as_missing_right(self):
        """Correcting a closed visit without the right is an AccessError naming the visit."""
        visit = self._visit(self.zhou, "2026-05-01 12:00", [(self.fish, 1)])
        message = "Only a tracking manager may correct a closed consumption record"
        with self.assertRaisesRegex(AccessError, message) as caught:
            visit.with_user(self.waiter).write({"guest_count": 9})
        self.assertIn(visit.name, str(caught.exception))
        with self.assertRaisesRegex(AccessError, message):
            visit.line_ids.with_user(self.waiter).write({"quantity": 3})
        with self.assertRaisesRegex(AccessError, message):
            self.env["fuxi.consumption.line"].with_user(self.waiter).create(
                {"consumption_id": visit.id, "product_id": self.tea.id, "quantity": 1}
            )
        with self.assertRaisesRegex(AccessError, message):
            visit.line_ids.with_user(self.waiter).unlink()

    def test_viewer_reads_only(self):
        visit = self._visit(self.zhou, "2026-05-01 12:00", [(self.fish, 1)])
        self.assertEqual(visit.with_user(self.viewer).amount_total, 88)
        with self.assertRaises(AccessError):
            self.env["fuxi.consumption"].with_user(self.viewer).create({"partner_id": self.zhou.id})

    def test_open_visit_then_close(self):
        visit = (
            self.env["fuxi.consumption"]
            .with_user(self.waiter)
            .create({"partner_id": self.sun.id, "state": "open"})
        )
        with self.assertRaises(UserError):
            visit.with_user(self.waiter).action_done()  # nothing ordered yet
        with Form(visit.with_user(self.waiter)) as form:
            with form.line_ids.new() as line:
                line.product_id = self.shrimp
                line.quantity = 1
        visit.with_user(self.waiter).action_done()
        self.assertEqual(visit.state, "done")
        self.assertEqual(visit.amount_total, 128)
        with self.assertRaises(UserError):
            visit.with_user(self.waiter).write({"note": "x"})


class TestTabooWarning(FuxiTrackingCase):
    def test_dish_with_a_guest_taboo_is_flagged(self):
        peanut_allergy = self.env.ref("fuxi_customer.taste_peanut_allergy")
        peanut = self.env.ref("fuxi_knowledge.allergen_peanut")
        self.sun.taboo_ids = peanut_allergy
        self.pork.fuxi_allergen_ids = peanut
        visit = self._visit(self.sun, "2021-05-01 12:00", [(self.pork, 1), (self.fish, 1)])
        flagged = visit.line_ids.filtered("taboo_warning")
        self.assertEqual(flagged.product_id, self.pork)
        self.assertIn(peanut.name, flagged.taboo_warning)
        self.assertIn(peanut_allergy.name, flagged.taboo_warning)
        # the same dish for a guest without that taboo is not flagged
        other = self._visit(self.qian, "2021-05-01 12:00", [(self.pork, 1)])
        self.assertFalse(other.line_ids.taboo_warning)
        # choosing the dish on the form warns the waiter
        line = self.env["fuxi.consumption.line"].new(
            {"consumption_id": visit.id, "product_id": self.pork.id}
        )
        warning = line._onchange_product_id_taboo()
        self.assertIn(peanut.name, warning["warning"]["message"])
