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

    def test_upgrade_from_the_fixed_list_keeps_the_stations(self):
        """Before 18.0.2.0.0 the station was a fixed selection, reflected as
        ir.model.fields.selection rows; an upgrade deletes those rows as orphans. The
        dishes' stored codes must survive it (no migration: same column, same codes)."""
        from odoo.addons.base.models.ir_model import MODULE_UNINSTALL_FLAG

        dish = self.Template.create({"name": "测试旧档口", "is_fuxi_dish": True})
        dish.fuxi_station = "cold"
        field = self.env["ir.model.fields"]._get("product.template", "fuxi_station")
        # as Odoo reflected the fixed list (base fields' options cannot be made by the ORM)
        self.env.cr.execute(
            """INSERT INTO ir_model_fields_selection (field_id, value, name, sequence)
               SELECT %s, code, jsonb_build_object('en_US', code), 0
                 FROM unnest(ARRAY['hot', 'cold', 'bar']) AS code
               RETURNING id""",
            [field.id],
        )
        old_rows = self.env["ir.model.fields.selection"].browse(
            [row[0] for row in self.env.cr.fetchall()]
        )
        old_rows.with_context(**{MODULE_UNINSTALL_FLAG: True}).unlink()
        dish.invalidate_recordset()
        self.assertEqual(dish.fuxi_station, "cold")
