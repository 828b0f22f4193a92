from odoo.tests import new_test_user

from odoo.addons.fuxi_tracking.tests.common import FuxiTrackingCase


class FuxiAnalyticsCase(FuxiTrackingCase):
    """fuxi_tracking's customers, dishes and visits helper, plus a region tree:

    浙江省 (province) ─ 杭州市 (city) ─ 西湖区 (district)
                      └ 宁波市 (city) ─ 海曙区 (district)
    上海市 (municipality: its own province and city) ─ 浦东新区 (district)
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Region = cls.env["fuxi.region"]
        cls.zhejiang = Region.create({"name": "测试浙江省"})
        cls.hangzhou = Region.create({"name": "测试杭州市", "parent_id": cls.zhejiang.id})
        cls.xihu = Region.create({"name": "测试西湖区", "parent_id": cls.hangzhou.id})
        cls.ningbo = Region.create({"name": "测试宁波市", "parent_id": cls.zhejiang.id})
        cls.haishu = Region.create({"name": "测试海曙区", "parent_id": cls.ningbo.id})
        cls.shanghai = Region.create({"name": "测试上海市", "fuxi_level": "municipality"})
        cls.pudong = Region.create({"name": "测试浦东新区", "parent_id": cls.shanghai.id})
        Partner = cls.env["res.partner"]
        cls.li = Partner.create({"name": "李建国", "is_fuxi_customer": True})
        cls.zhao = Partner.create({"name": "赵小燕", "is_fuxi_customer": True})
        cls.zhou.region_id = cls.xihu
        cls.sun.region_id = cls.haishu
        cls.qian.region_id = cls.pudong
        cls.li.region_id = cls.hangzhou
        cls.zhao.region_id = cls.zhejiang


class FuxiDashboardCase(FuxiTrackingCase):
    """fuxi_tracking's test data (dishes, guests, rooms, users) plus a zh_CN manager; the
    demo history is removed, for the dashboard's and the forecast's figures are
    hand-computed over the test's own visits."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
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
