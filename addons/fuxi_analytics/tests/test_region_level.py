from .common import FuxiAnalyticsCase


class TestRegionLevel(FuxiAnalyticsCase):
    """Regions know their level and the city and province they roll up to."""

    def test_levels_guessed_from_the_tree(self):
        self.assertEqual(self.zhejiang.fuxi_level, "province")
        self.assertEqual(self.hangzhou.fuxi_level, "city")
        self.assertEqual(self.xihu.fuxi_level, "district")
        self.assertEqual(self.shanghai.fuxi_level, "municipality")
        self.assertEqual(self.pudong.fuxi_level, "district")

    def test_roll_up(self):
        self.assertEqual(
            [(r.fuxi_city_id, r.fuxi_province_id) for r in self.xihu | self.haishu | self.pudong],
            [
                (self.hangzhou, self.zhejiang),
                (self.ningbo, self.zhejiang),
                (self.shanghai, self.shanghai),
            ],
        )
        self.assertEqual(self.hangzhou.fuxi_city_id, self.hangzhou)
        self.assertFalse(self.zhejiang.fuxi_city_id, "a province is in no city")
        self.assertEqual(self.zhejiang.fuxi_province_id, self.zhejiang)

    def test_moving_a_city_under_a_new_province_rolls_its_districts_up(self):
        jiangsu = self.env["fuxi.region"].create({"name": "测试江苏省"})
        self.ningbo.parent_id = jiangsu
        self.assertEqual(self.haishu.fuxi_province_id, jiangsu)
        self.assertEqual(self.haishu.fuxi_city_id, self.ningbo)
