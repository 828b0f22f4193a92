from odoo.exceptions import AccessError
from odoo.tests import Form, new_test_user
from odoo.tools.safe_eval import safe_eval

from .common import FuxiCustomerCase


class TestStaffRegistration(FuxiCustomerCase):
    """人员注册: a staff member is a user with a department, a job title and Fuxi rights."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.department = cls.env["hr.department"].create({"name": "前厅部"})
        cls.admin_user = new_test_user(
            cls.env,
            "fx_access_admin",
            groups="base.group_user,base.group_erp_manager,base.group_partner_manager,hr.group_hr_user",
        )

    def test_register_staff_with_department_and_job(self):
        action = self.env.ref("fuxi_customer.res_users_action_staff")
        Users = (
            self.env["res.users"]
            .with_user(self.admin_user)
            .with_context(**safe_eval(action.context))
        )
        user = Users.create(
            {
                "name": "李娜",
                "login": "lina_test",
                "department_id": self.department.id,
                "job_title": "前台接待",
                "groups_id": [
                    (4, self.env.ref("base.group_user").id),
                    (4, self.env.ref("fuxi_customer.group_fuxi_customer_user").id),
                ],
            }
        )
        self.assertTrue(user.employee_id)
        self.assertEqual(user.department_id, self.department)
        self.assertEqual(user.job_title, "前台接待")
        staff = self.env["res.users"].search([("id", "=", user.id), *safe_eval(action.domain)])
        self.assertEqual(staff, user)
        rights = user.fuxi_rights
        self.assertIn("Fuxi: Customers: User", rights)
        self.assertNotIn("Viewer", rights, "only the highest step of a ladder is listed")

    def test_rights_set_from_user_form(self):
        manager_group = self.env.ref("fuxi_customer.group_fuxi_customer_manager")
        field_name = f"sel_groups_{'_'.join(str(g) for g in self._ladder_ids('customer'))}"
        user = new_test_user(self.env, "fx_waiter", groups="base.group_user")
        with Form(user.with_user(self.admin_user), view="base.view_users_form") as form:
            form[field_name] = manager_group.id
        self.assertTrue(user.has_group("fuxi_customer.group_fuxi_customer_manager"))
        self.assertTrue(user.has_group("fuxi_customer.group_fuxi_customer_viewer"))

    def _ladder_ids(self, area):
        return [
            self.env.ref(f"fuxi_{area}.group_fuxi_{area}_{role}").id
            for role in ("viewer", "user", "manager")
        ]

    def test_only_access_admins_register_staff(self):
        with self.assertRaises(AccessError):
            self.env["res.users"].with_user(self.manager).create(
                {"name": "无权限", "login": "nope_test"}
            )

    # ----------------------------------------------------------- registration form
    def _staff_form(self):
        action = self.env.ref("fuxi_customer.res_users_action_staff")
        Users = (
            self.env["res.users"]
            .with_user(self.admin_user)
            .with_context(**safe_eval(action.context))
        )
        return Form(Users, view="base.view_users_form")

    def _register(self, login, group_xmlid):
        ladder = self._ladder_ids("customer")
        with self._staff_form() as form:
            form.name = login
            form.login = login
            form[f"sel_groups_{'_'.join(str(g) for g in ladder)}"] = self.env.ref(group_xmlid).id
        return form.record

    def test_registration_grants_exactly_the_chosen_rights(self):
        not_given = {
            "hr.group_hr_manager": "HR administrator",
            "hr.group_hr_user": "HR officer",
            "base.group_allow_export": "export",
            "base.group_no_one": "technical features",
            "product.group_product_manager": "product creation",
        }
        for role, creates_contacts in (("viewer", False), ("user", True), ("manager", True)):
            with self.subTest(role=role):
                user = self._register(f"fx_new_{role}", f"fuxi_customer.group_fuxi_customer_{role}")
                self.assertTrue(user.has_group(f"fuxi_customer.group_fuxi_customer_{role}"))
                self.assertTrue(user.has_group("base.group_user"))
                for xmlid, what in not_given.items():
                    if self.env.ref(xmlid, raise_if_not_found=False):
                        self.assertFalse(user.has_group(xmlid), f"{role} must not get {what}")
                # only the Customers ladder's User step creates contacts
                self.assertEqual(user.has_group("base.group_partner_manager"), creates_contacts)
                self.assertEqual(user.notification_type, "inbox", "no address: Odoo's inbox")

    def _staff_form_arch(self):
        view = self.env.ref("base.view_users_form")
        views = self.env["res.users"].with_user(self.admin_user).get_views([(view.id, "form")])
        return views["views"]["form"]["arch"]

    def test_login_is_labelled_as_a_login_name(self):
        form_arch = self._staff_form_arch()
        self.assertIn('string="Login Name"', form_arch)
        self.assertNotIn('string="Email Address"', form_arch)

    def test_special_rights_on_the_form_without_developer_mode(self):
        category = self.env.ref("fuxi_customer.module_category_fuxi_special")
        special = self.env["res.groups"].create(
            {"name": "测试特殊权限", "category_id": category.id}
        )
        self.assertFalse(self.admin_user.has_group("base.group_no_one"))
        form_arch = self._staff_form_arch()
        self.assertIn('name="fuxi_special_group_ids"', form_arch)
        self.assertIn('string="Special Rights"', form_arch)
        with self._staff_form() as form:
            form.name = "特殊权限员工"
            form.login = "fx_special"
            form.fuxi_special_group_ids.add(special)
        user = form.record
        self.assertIn(special, user.groups_id)
        self.assertEqual(user.fuxi_special_group_ids, special)
        with Form(user.with_user(self.admin_user), view="base.view_users_form") as form:
            form.fuxi_special_group_ids.remove(id=special.id)
        self.assertNotIn(special, user.groups_id)
