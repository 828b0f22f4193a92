from odoo.tests import new_test_user

from odoo.addons.fuxi_tracking.tests.common import FuxiTrackingCase


class FuxiAnalyticsCase(FuxiTrackingCase):
    """fuxi_tracking's test data (dishes, guests, rooms, users) plus a zh_CN manager."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the figures are hand-computed: the demo history is not part of them
        for model in ("fuxi.complaint", "fuxi.reservation", "fuxi.consumption"):
            cls.env[model].sudo().with_context(active_test=False).search([]).unlink()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.manager_zh = new_test_user(
            cls.env,
            "an_manager_zh",
            groups="fuxi_tracking.group_fuxi_tracking_manager,"
            "fuxi_service.group_fuxi_service_manager",
            tz="Asia/Shanghai",
            lang="zh_CN",
        )
