"""18.0.2.1.0: the customer list's search-panel counters read fuxi.guest.census, kept by
triggers on res_partner from now on; this counts the guests recorded before (one INSERT …
SELECT)."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    api.Environment(cr, SUPERUSER_ID, {})["fuxi.guest.census"]._fuxi_refill()
