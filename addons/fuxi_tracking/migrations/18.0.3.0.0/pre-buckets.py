"""18.0.3.0.0: the per-dish index of the consumption lines also carries the visit and the
kind (the per-dish ranking grouped by customer then reads the index alone); the new index
has a new name, so the old one is dropped here and init() builds the new one."""


def migrate(cr, version):
    if not version:
        return
    cr.execute("DROP INDEX IF EXISTS fuxi_consumption_line_product_date_idx")
