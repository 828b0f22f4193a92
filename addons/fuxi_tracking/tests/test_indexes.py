from odoo.tests import TransactionCase

from .common import run_migration

REDUNDANT = {
    "fuxi_consumption_line__partner_id_index",
    "fuxi_consumption_line__product_id_index",
    "fuxi_consumption_line__date_index",
}
COMPOSITE = {
    "fuxi_consumption_line_partner_date_idx",
    "fuxi_consumption_line_product_date_kind_idx",
    "fuxi_consumption_line_date_idx",
}


class TestConsumptionLineIndexes(TransactionCase):
    def _indexes(self):
        self.env.cr.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'fuxi_consumption_line'"
        )
        return {name for (name,) in self.env.cr.fetchall()}

    def test_no_single_column_index_beside_the_composites(self):
        """The customer, the dish and the date are served by the composite indexes that lead
        with them; the visit keeps its own index."""
        indexes = self._indexes()
        self.assertTrue(COMPOSITE <= indexes)
        self.assertIn("fuxi_consumption_line__consumption_id_index", indexes)
        self.assertFalse(REDUNDANT & indexes)
        Line = self.env["fuxi.consumption.line"]
        for name in ("partner_id", "product_id", "date"):
            self.assertFalse(Line._fields[name].index, name)

    def test_upgrade_drops_the_redundant_indexes(self):
        for name in sorted(REDUNDANT):
            column = name.removeprefix("fuxi_consumption_line__").removesuffix("_index")
            self.env.cr.execute(
                f'CREATE INDEX IF NOT EXISTS "{name}" ON fuxi_consumption_line ("{column}")'
            )
        self.assertTrue(REDUNDANT <= self._indexes())
        run_migration(self.env.cr, "18.0.2.0.0", "post-migration.py", "18.0.1.0.0")
        indexes = self._indexes()
        self.assertFalse(REDUNDANT & indexes)
        self.assertTrue(COMPOSITE <= indexes)
