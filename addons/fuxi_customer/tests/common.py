import subprocess
import tempfile
from pathlib import Path

from odoo.tests import TransactionCase, new_test_user

from .hoot import FuxiHootMixin, run_hoot_suite  # noqa: F401 - the Hoot helper, shared

GROUP_VIEWER = "fuxi_customer.group_fuxi_customer_viewer"
GROUP_USER = "fuxi_customer.group_fuxi_customer_user"
GROUP_MANAGER = "fuxi_customer.group_fuxi_customer_manager"


def assert_ladder(case, module, area):
    """Each area's addon declares its Viewer < User < Manager ladder in one category."""
    viewer = case.env.ref(f"{module}.group_fuxi_{area}_viewer")
    user = case.env.ref(f"{module}.group_fuxi_{area}_user")
    manager = case.env.ref(f"{module}.group_fuxi_{area}_manager")
    case.assertIn(user, manager.implied_ids)
    case.assertIn(viewer, user.implied_ids)
    case.assertEqual(viewer.category_id, manager.category_id)
    case.assertEqual(
        viewer.category_id.parent_id, case.env.ref("fuxi_customer.module_category_fuxi")
    )
    # the area's viewers see the Fuxi app, whichever addon declares the area
    case.assertIn(viewer, case.env.ref("fuxi_customer.menu_fuxi_root").groups_id)


class FuxiCustomerCase(TransactionCase):
    """Users at each step of the Customers ladder, and a few classes and regions."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(
            context=dict(cls.env.context, tracking_disable=True, no_reset_password=True)
        )
        cls.employee = new_test_user(cls.env, "fx_employee", groups="base.group_user")
        cls.viewer = new_test_user(cls.env, "fx_viewer", groups=GROUP_VIEWER)
        cls.cust_user = new_test_user(cls.env, "fx_user", groups=GROUP_USER)
        cls.cust_user_2 = new_test_user(cls.env, "fx_user2", groups=GROUP_USER)
        cls.manager = new_test_user(cls.env, "fx_manager", groups=GROUP_MANAGER)
        cls.class_vip = cls.env.ref("fuxi_customer.customer_class_vip")
        cls.class_regular = cls.env.ref("fuxi_customer.customer_class_regular")
        cls.class_walk_in = cls.env.ref("fuxi_customer.customer_class_walk_in")
        Region = cls.env["fuxi.region"]
        cls.region_city = Region.create({"name": "测试市"})
        cls.region_a = Region.create({"name": "东区", "parent_id": cls.region_city.id})
        cls.region_b = Region.create({"name": "西区", "parent_id": cls.region_city.id})
        cls.industry_it = cls.env.ref("base.res_partner_industry_J")
        cls.industry_food = cls.env.ref("base.res_partner_industry_I")

    @classmethod
    def _customer(cls, name, **vals):
        return cls.env["res.partner"].create({"name": name, "is_fuxi_customer": True, **vals})


def pdf_text_and_pages(pdf):
    """Text (pdftotext) and page count (pdfinfo) of a PDF, as a person's viewer sees them."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "labels.pdf")
        path.write_bytes(pdf)
        text = subprocess.run(
            ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
        ).stdout
        info = subprocess.run(
            ["pdfinfo", str(path)], capture_output=True, check=True, text=True
        ).stdout
    pages = next(int(line.split()[-1]) for line in info.splitlines() if line.startswith("Pages:"))
    return text, pages
