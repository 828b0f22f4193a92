"""18.0.2.0.0: this addon declares its own rights (they were fuxi_customer's).

The groups keep their database ids, so users keep their rights: only the owner of the
XML ids changes (see fuxi_customer's migration of the same version).
"""

from odoo.addons.fuxi_customer import group_move


def migrate(cr, version):
    if version:
        group_move.move_area_groups(cr, "fuxi_service")
