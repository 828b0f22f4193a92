"""18.0.2.0.0: the rights of the other areas moved to their addons (see group_move)."""

from odoo.addons.fuxi_customer import group_move


def migrate(cr, version):
    if version:
        for module in group_move.MOVED:
            group_move.move_area_groups(cr, module)
