"""18.0.2.0.0: a cook sees tickets and taboos, not the guests' visits and bills."""

from odoo import SUPERUSER_ID, api

from odoo.addons.fuxi_frontdesk.upgrade import narrow_kitchen_rights


def migrate(cr, version):
    if version:
        narrow_kitchen_rights(api.Environment(cr, SUPERUSER_ID, {}))
