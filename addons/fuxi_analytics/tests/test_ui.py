from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestAnalyticsUi(HttpCase):
    """The statistics and the price trend as a Chinese manager uses them in the browser."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        new_test_user(
            cls.env,
            "an_tour_manager",
            groups="fuxi_tracking.group_fuxi_tracking_manager",
            lang="zh_CN",
            tz="Asia/Shanghai",
        )
        province = cls.env["fuxi.region"].create({"name": "巡检省"})
        city = cls.env["fuxi.region"].create({"name": "巡检市", "parent_id": province.id})
        guest = cls.env["res.partner"].create(
            {"name": "巡检客人", "is_fuxi_customer": True, "region_id": city.id}
        )
        category = cls.env["fuxi.dish.category"].create({"name": "巡检类别"})
        cls.dish = cls.env["product.product"].create(
            {
                "name": "巡检菜",
                "list_price": 30,
                "is_fuxi_dish": True,
                "fuxi_category_id": category.id,
            }
        )
        # today: inside the default period (this month) whatever day the test runs
        cls.env["fuxi.consumption"].create(
            {
                "partner_id": guest.id,
                "line_ids": [(0, 0, {"product_id": cls.dish.id, "quantity": 2})],
            }
        )

    def test_region_statistic(self):
        self.start_tour(
            "/odoo/action-fuxi_analytics.fuxi_statistic_action_region",
            "fuxi_analytics_region_statistic",
            login="an_tour_manager",
        )

    def test_price_trend(self):
        self.start_tour(
            "/odoo/action-fuxi_analytics.fuxi_price_trend_action",
            "fuxi_analytics_price_trend",
            login="an_tour_manager",
        )
