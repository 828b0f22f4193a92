"""18.0.2.0.0: this addon declares its own rights (they were fuxi_customer's), and the
dish code sequence (it was fuxi_customer's).

The groups and the sequence keep their database ids, so users keep their rights and dish
codes continue from the same number: only the owner of the XML ids changes (see
fuxi_customer's migration of the same version, which moves only groups).
"""

from odoo.addons.fuxi_customer import group_move
from odoo.addons.fuxi_knowledge import hooks


def migrate(cr, version):
    if version:
        group_move.move_area_groups(cr, "fuxi_knowledge")
        hooks.adopt_fuxi_customer_records(cr)
