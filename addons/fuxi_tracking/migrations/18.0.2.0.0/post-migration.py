"""18.0.2.0.0: consumption lines lose their single-column indexes on the customer, the dish
and the date.

The composite indexes (partner_id, date), (product_id, date) and (date) INCLUDE (…) lead
with those columns and serve the same lookups; Odoo keeps an index whose field no longer
asks for one, so the upgrade drops them here.
"""

REDUNDANT_INDEXES = (
    "fuxi_consumption_line__partner_id_index",
    "fuxi_consumption_line__product_id_index",
    "fuxi_consumption_line__date_index",
)


def migrate(cr, version):
    if not version:
        return
    for name in REDUNDANT_INDEXES:
        cr.execute(f'DROP INDEX IF EXISTS "{name}"')
