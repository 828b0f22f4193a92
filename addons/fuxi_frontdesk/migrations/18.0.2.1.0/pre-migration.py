"""18.0.2.1.0: voids get a time (the Voids and Comps report groups them by day)."""

from odoo.addons.fuxi_frontdesk.upgrade import backfill_void_times


def migrate(cr, version):
    if version:
        backfill_void_times(cr)
