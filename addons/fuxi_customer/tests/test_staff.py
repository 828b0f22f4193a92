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
