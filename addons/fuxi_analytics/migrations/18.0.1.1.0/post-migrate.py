from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    """Fill the daily sales buckets (new in 18.0.1.1.0) from the existing visits and lines:
    one INSERT … SELECT per table."""
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["fuxi.sales.day"]._fuxi_rebuild()
