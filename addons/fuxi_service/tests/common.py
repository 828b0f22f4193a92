from odoo.tests import TransactionCase, new_test_user

SERVICE_USER = "fuxi_service.group_fuxi_service_user"
SERVICE_MANAGER = "fuxi_service.group_fuxi_service_manager"
SERVICE_VIEWER = "fuxi_service.group_fuxi_service_viewer"
TRANSFER = "fuxi_service.group_fuxi_transfer"
URGE = "fuxi_service.group_fuxi_urge"


class ServiceCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, mail_notrack=True))
        Department = cls.env["hr.department"]
        cls.kitchen = Department.create({"name": "测试厨房"})
        cls.hall = Department.create({"name": "测试前厅"})

        def staff(login, groups, department, manager=None):
            user = new_test_user(cls.env, login, groups=groups)
            employee = cls.env["hr.employee"].create(
                {
                    "name": login,
                    "user_id": user.id,
                    "department_id": department.id,
                    "parent_id": manager.employee_id.id if manager else False,
                }
            )
            return user, employee

        cls.chef_boss, _ = staff("sv_chef_boss", SERVICE_USER, cls.kitchen)
        cls.kitchen.manager_id = cls.chef_boss.employee_id
        cls.chef, _ = staff("sv_chef", SERVICE_USER, cls.kitchen, manager=cls.chef_boss)
        cls.cook, _ = staff("sv_cook", SERVICE_USER, cls.kitchen)
        cls.waiter, _ = staff("sv_waiter", SERVICE_USER, cls.hall)
        cls.viewer, _ = staff("sv_viewer", SERVICE_VIEWER, cls.hall)
        cls.lead, _ = staff("sv_lead", f"{SERVICE_MANAGER},{TRANSFER},{URGE}", cls.hall)
        cls.dispatcher, _ = staff("sv_dispatcher", f"{SERVICE_USER},{TRANSFER},{URGE}", cls.hall)
        cls.guest = cls.env["res.partner"].create({"name": "投诉测试客", "is_fuxi_customer": True})
        cls.category = cls.env.ref("fuxi_service.complaint_category_speed")
        template = cls.env["product.template"].create({"name": "测试醋鱼", "is_fuxi_dish": True})
        cls.fish = template.product_variant_id

    def _complaint(self, user=None, **vals):
        values = {
            "partner_id": self.guest.id,
            "category_id": self.category.id,
            "object_type": "dish",
            "product_id": self.fish.id,
            "description": "上菜太慢",
            **vals,
        }
        return self.env["fuxi.complaint"].with_user(user or self.lead).create(values)
