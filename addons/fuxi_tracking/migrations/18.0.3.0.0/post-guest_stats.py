"""18.0.3.0.0: a guest's visits, spend, first and last visit and favourite dishes are kept
per guest and company (fuxi.guest.stat, fuxi.guest.dish.stat) by triggers on the visits and
their lines. The triggers keep them from now on; this fills them for the visits recorded
before, one INSERT … SELECT for each table (no loop over the lines)."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["fuxi.guest.stat"]._fuxi_refill()
