from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import FuxiCustomerCase, assert_ladder


@tagged("post_install", "-at_install")
class TestCustomerAccess(FuxiCustomerCase):
    """The Customers ladder: employee → viewer → user → manager."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.unassigned = cls._customer("李明", mobile="13800000001")
        cls.own = cls._customer("王芳", user_id=cls.cust_user.id)
        cls.others = cls._customer("赵强", user_id=cls.cust_user_2.id)

    def _assert_refused(self, func, *args, **kwargs):
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            func(*args, **kwargs)

    def test_everyone_reads_customers(self):
        for user in (self.employee, self.viewer, self.cust_user, self.manager):
            customers = self.unassigned.with_user(user)
            self.assertEqual(customers.read(["name", "ref"])[0]["name"], "李明")

    def test_employee_without_rights_changes_nothing(self):
        Partner = self.env["res.partner"].with_user(self.employee)
        self._assert_refused(Partner.create, {"name": "新客", "is_fuxi_customer": True})
        self._assert_refused(self.unassigned.with_user(self.employee).write, {"mobile": "1"})
        # other contacts stay untouched by Fuxi's rules
        supplier = self.env["res.partner"].create({"name": "供应商"})
        self.employee.groups_id |= self.env.ref("base.group_partner_manager")
        supplier.with_user(self.employee).write({"phone": "0571-1"})
        self.assertEqual(supplier.phone, "0571-1")

    def test_viewer_reads_but_cannot_change(self):
        Partner = self.env["res.partner"].with_user(self.viewer)
        self.assertIn(self.unassigned, Partner.search([("is_fuxi_customer", "=", True)]))
        self._assert_refused(Partner.create, {"name": "新客", "is_fuxi_customer": True})
        self._assert_refused(self.unassigned.with_user(self.viewer).write, {"mobile": "1"})
        self._assert_refused(self.unassigned.with_user(self.viewer).unlink)
        self._assert_refused(
            self.env["fuxi.partner.date"].with_user(self.viewer).create,
            {"partner_id": self.unassigned.id, "date": "1990-01-01"},
        )
        self._assert_refused(
            self.env["fuxi.customer.class"].with_user(self.viewer).create, {"name": "钻石"}
        )

    def test_user_edits_own_and_unassigned_only(self):
        Partner = self.env["res.partner"].with_user(self.cust_user)
        created = Partner.create({"name": "新客", "is_fuxi_customer": True})
        self.assertTrue(created.ref)
        self.unassigned.with_user(self.cust_user).write({"mobile": "13900000000"})
        self.own.with_user(self.cust_user).write({"taste_note": "少辣"})
        self.assertEqual(self.own.taste_note, "少辣")
        self._assert_refused(self.others.with_user(self.cust_user).write, {"mobile": "1"})
        self._assert_refused(self.own.with_user(self.cust_user).unlink)
        # important dates follow the customer
        self.env["fuxi.partner.date"].with_user(self.cust_user).create(
            {"partner_id": self.own.id, "kind": "wedding", "date": "2010-05-20"}
        )
        self._assert_refused(
            self.env["fuxi.partner.date"].with_user(self.cust_user).create,
            {"partner_id": self.others.id, "kind": "wedding", "date": "2010-05-20"},
        )
        # configuration stays with managers
        self._assert_refused(self.class_vip.with_user(self.cust_user).write, {"name": "X"})
        self._assert_refused(
            self.env["fuxi.region"].with_user(self.cust_user).create, {"name": "X"}
        )

    def test_refusal_names_the_guest(self):
        with self.assertRaisesRegex(AccessError, "赵强"), self.env.cr.savepoint():
            self.others.with_user(self.cust_user).write({"mobile": "1"})
        with self.assertRaisesRegex(AccessError, "Customers rights"), self.env.cr.savepoint():
            self.own.with_user(self.cust_user).unlink()
        # flagging a plain contact as a guest is changing a guest
        contact = self.env["res.partner"].create({"name": "路人"})
        self.employee.groups_id |= self.env.ref("base.group_partner_manager")
        with self.assertRaisesRegex(AccessError, "路人"), self.env.cr.savepoint():
            contact.with_user(self.employee).write({"is_fuxi_customer": True})
        self.assertFalse(contact.is_fuxi_customer)

    def test_no_rule_on_core_models_names_a_fuxi_field(self):
        """A record rule every employee is subject to, on a model Fuxi does not own, must not
        name a field a Fuxi addon adds: Odoo checks it while it runs the tests of modules
        loaded before Fuxi (--test-tags), where the field does not exist yet."""
        fuxi_modules = self.env["ir.module.module"].search([("name", "=like", "fuxi%")])
        rules = self.env["ir.rule"].search([])
        rule_modules = rules.get_external_id()
        employee = self.env.ref("base.group_user")
        for rule in rules:
            module = (rule_modules.get(rule.id) or ".").split(".")[0]
            if not module.startswith("fuxi"):
                continue
            model = self.env[rule.model_id.model]
            model_modules = set(rule.model_id.modules.split(", "))
            if model_modules <= set(fuxi_modules.mapped("name")):
                continue  # a Fuxi model: loaded together with its rules
            if rule.groups and employee not in rule.groups:
                continue  # only its group's users meet it
            for field_name in model._fields:
                field = model._fields[field_name]
                if (
                    field._module
                    and field._module.startswith("fuxi")
                    and (
                        f"'{field_name}'" in rule.domain_force
                        or f'"{field_name}"' in rule.domain_force
                    )
                ):
                    self.fail(f"{rule.name} ({rule.model_id.model}) names {field_name}")

    def test_manager_does_everything(self):
        self.others.with_user(self.manager).write({"user_id": self.cust_user.id})
        self.assertEqual(self.others.user_id, self.cust_user)
        new_class = self.env["fuxi.customer.class"].with_user(self.manager).create({"name": "钻石"})
        self.env["fuxi.region"].with_user(self.manager).create({"name": "北区"})
        self.env["res.partner.industry"].with_user(self.manager).create({"name": "餐饮同行"})
        self.others.with_user(self.manager).write({"customer_class_id": new_class.id})
        self.others.with_user(self.manager).unlink()
        self.assertFalse(self.others.exists())

    def test_menus_follow_groups(self):
        root = self.env.ref("fuxi_customer.menu_fuxi_root")
        config = self.env.ref("fuxi_customer.menu_fuxi_config")
        code_settings = self.env.ref("fuxi_customer.fuxi_code_settings_menu")

        def visible(user):
            return self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()

        self.assertNotIn(root.id, visible(self.employee))
        self.assertIn(root.id, visible(self.viewer))
        self.assertNotIn(config.id, visible(self.cust_user))
        self.assertIn(code_settings.id, visible(self.manager))

    def test_area_ladders_exist(self):
        assert_ladder(self, "fuxi_customer", "customer")
