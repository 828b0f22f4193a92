from odoo.exceptions import UserError, ValidationError
from odoo.tests import TransactionCase


class TestKitchenStation(TransactionCase):
    """One definition of the kitchen stations: records, whose codes the dishes store."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Station = cls.env["fuxi.kitchen.station"]
        cls.Template = cls.env["product.template"]

    def test_three_stations_shipped_and_a_fourth_is_data(self):
        codes = [code for code, _label in self.Station._fuxi_selection()]
        self.assertEqual(codes[:3], ["hot", "cold", "bar"])
        self.Station.create({"name": "烧腊间", "code": "roast_test"})
        dish = self.Template.create({"name": "测试叉烧", "is_fuxi_dish": True})
        dish.fuxi_station = "roast_test"
        self.assertEqual(dish.fuxi_station, "roast_test")
        labels = dict(self.Template._fields["fuxi_station"]._description_selection(self.env))
        self.assertEqual(labels["roast_test"], "烧腊间")

    def test_kind_gives_the_default_station(self):
        wine = self.Template.create(
            {"name": "测试黄酒", "is_fuxi_dish": True, "fuxi_kind": "drink"}
        )
        fish = self.Template.create({"name": "测试鱼", "is_fuxi_dish": True})
        self.assertEqual((wine.fuxi_station, fish.fuxi_station), ("bar", "hot"))

    def test_unknown_station_is_refused(self):
        dish = self.Template.create({"name": "测试无档口", "is_fuxi_dish": True})
        with self.assertRaisesRegex(ValidationError, "there is no kitchen station pastry"):
            dish.fuxi_station = "pastry"

    def test_used_station_keeps_its_code(self):
        station = self.Station.create({"name": "点心间", "code": "dimsum_test"})
        dish = self.Template.create({"name": "测试烧卖", "is_fuxi_dish": True})
        dish.fuxi_station = "dimsum_test"
        with self.assertRaisesRegex(UserError, "its code cannot change"):
            station.code = "pastry_test"
        with self.assertRaisesRegex(UserError, "archive it instead"):
            station.unlink()
        with self.assertRaisesRegex(ValidationError, "lower-case letters"):
            self.Station.create({"name": "坏代码", "code": "Bad Code"})
        station.active = False
        self.assertEqual(dish.fuxi_station, "dimsum_test")
