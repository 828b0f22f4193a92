import threading

from odoo import api
from odoo.exceptions import AccessError, ValidationError
from odoo.sql_db import db_connect
from odoo.tests import Form, tagged

from .common import FuxiCustomerCase


class TestCustomerCode(FuxiCustomerCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sequence = cls.env.ref("fuxi_customer.sequence_customer_code")
        cls.sequence.write({"prefix": "T", "padding": 5})

    def test_code_assigned_from_sequence(self):
        self.sequence.number_next_actual = 500
        first = self._customer("周文华")
        second = self._customer("孙丽红")
        self.assertEqual(first.ref, "T00500")
        self.assertEqual(second.ref, "T00501")
        self.assertEqual(first.customer_class_id, self.class_regular, "default class")

    def test_code_given_is_kept_and_searchable(self):
        partner = self._customer("钱海峰", ref="VIP-8")
        self.assertEqual(partner.ref, "VIP-8")
        found = self.env["res.partner"].name_search("VIP-8")
        self.assertIn(partner.id, [pid for pid, _name in found])

    def test_non_customer_gets_no_code(self):
        supplier = self.env["res.partner"].create({"name": "蔬菜供应商"})
        self.assertFalse(supplier.ref)

    def test_becoming_customer_assigns_code(self):
        partner = self.env["res.partner"].create({"name": "吴晓梅"})
        partner.is_fuxi_customer = True
        self.assertTrue(partner.ref.startswith("T"))

    def test_duplicate_code_refused(self):
        self._customer("郑国强", ref="DUP1")
        with self.assertRaises(ValidationError):
            self._customer("冯莹", ref="DUP1")
        other = self._customer("陈志远")
        with self.assertRaises(ValidationError):
            other.ref = "DUP1"

    def test_reset_sequence_skips_used_codes(self):
        self.sequence.number_next_actual = 700
        used = self._customer("褚梦琪")
        self.assertEqual(used.ref, "T00700")
        # a manager sets the next number back: the code in use is skipped, not repeated
        self.sequence.number_next_actual = 700
        fresh = self._customer("卫东升")
        self.assertEqual(fresh.ref, "T00701")

    def test_copy_gets_new_code(self):
        original = self._customer("蒋慧")
        copy = original.copy()
        self.assertTrue(copy.ref)
        self.assertNotEqual(copy.ref, original.ref)

    def test_install_assigns_missing_codes(self):
        partner = self._customer("沈涛")
        # a customer imported by SQL or from an older version, without a code
        self.env.cr.execute("UPDATE res_partner SET ref = NULL WHERE id = %s", [partner.id])
        partner.invalidate_recordset(["ref"])
        self.env["res.partner"]._fuxi_install_assign_codes()
        self.assertTrue(partner.ref)

    def test_clearing_code_reassigns(self):
        partner = self._customer("韩雪")
        partner.ref = False
        self.assertTrue(partner.ref)

    def test_code_settings_by_manager(self):
        settings = self.env["fuxi.code.settings"].with_user(self.manager).create({})
        self.assertEqual(settings.customer_prefix, "T")
        settings.write({"customer_prefix": "KH", "customer_padding": 4, "customer_number_next": 42})
        self.assertEqual(settings.customer_preview, "KH0042")
        settings.action_save()
        self.assertEqual(self._customer("杨帆").ref, "KH0042")

    def test_code_settings_refused_below_manager(self):
        with self.assertRaises(AccessError):
            self.env["fuxi.code.settings"].with_user(self.cust_user).create({})

    def test_code_settings_bad_input(self):
        settings = self.env["fuxi.code.settings"].with_user(self.manager).create({})
        with self.assertRaises(ValidationError):
            settings.customer_padding = 0
        with self.assertRaises(ValidationError):
            settings.write({"customer_padding": 4, "customer_number_next": -3})
        with self.assertRaisesRegex(ValidationError, "between 1 and 12 digits"):
            settings.customer_padding = 13

    def test_code_settings_saves_only_kinds_the_user_manages(self):
        # whoever manages no kind of code saves nothing (the menu and the access rights are
        # the first barrier; this one holds for the managers of other areas)
        settings = self.env["fuxi.code.settings"].with_user(self.manager).create({})
        settings.customer_prefix = "ZZ"
        with self.assertRaisesRegex(AccessError, "Only the managers of an area"):
            settings.with_user(self.cust_user).action_save()
        self.assertEqual(self.sequence.prefix, "T")

    def test_code_settings_form_shows_what_the_user_manages(self):
        arch = self.env["fuxi.code.settings"].with_user(self.manager).get_views([(False, "form")])
        self.assertIn('name="customer_prefix"', arch["views"]["form"]["arch"])

    def test_settings_page_previews_next_customer_code(self):
        """The Settings page (a form opened like the web client does) shows the next code."""
        self.sequence.number_next_actual = 321
        settings = Form(self.env["res.config.settings"])
        self.assertEqual(settings.fuxi_customer_code_preview, "T00321")
        self.assertEqual(self._customer("鲍明").ref, "T00321")


@tagged("post_install", "-at_install")
class TestCustomerCodeConcurrency(FuxiCustomerCase):
    """Two cashiers register a guest at the same moment, in two real transactions."""

    def test_concurrent_creation_gives_distinct_codes(self):
        connection = db_connect(self.env.cr.dbname)
        barrier = threading.Barrier(2, timeout=30)
        results, errors, created = {}, [], []

        def register(name):
            try:
                with connection.cursor() as cr:
                    env = api.Environment(cr, self.env.uid, {"tracking_disable": True})
                    partner = env["res.partner"].create({"name": name, "is_fuxi_customer": True})
                    barrier.wait()  # both transactions are open with their customer created
                    results[name] = partner.ref
                    created.append(partner.id)
                    # two real transactions: the point of the test
                    cr.commit()  # pylint: disable=invalid-commit
            except Exception as exc:  # noqa: BLE001 - reported by the assertion below
                errors.append(exc)

        # real connections, not the test cursor: each thread has its own transaction
        try:
            threads = [threading.Thread(target=register, args=(n,)) for n in ("并发甲", "并发乙")]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(60)
        finally:
            with connection.cursor() as cr:
                cr.execute("DELETE FROM res_partner WHERE id = ANY(%s)", [created])
                # clean-up of the rows the threads committed
                cr.commit()  # pylint: disable=invalid-commit
        self.assertFalse(errors)
        self.assertEqual(len(results), 2)
        self.assertNotEqual(results["并发甲"], results["并发乙"])
