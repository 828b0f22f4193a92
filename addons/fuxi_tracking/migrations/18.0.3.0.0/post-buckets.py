"""18.0.3.0.0: fill the consumption buckets (models/fuxi_bucket.py) for the existing visits
and lines: one INSERT … SELECT per table and grain, no loop over the lines."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["fuxi.bucket.keeper"]._fuxi_fill_all()
