"""18.0.2.0.0: this addon declares its own rights (they were fuxi_customer's).

The groups keep their database ids, so users keep their rights: only the owner of the
XML ids changes (see fuxi_customer's migration of the same version).

The ranking rows' table of the first versions had foreign keys (the table is now made
without them, see fuxi.ranking.line): it holds only transient rows and is dropped, to be
made again when the module loads.
"""

from odoo.addons.fuxi_customer import group_move


def migrate(cr, version):
    if version:
        group_move.move_area_groups(cr, "fuxi_tracking")
        cr.execute(
            """
            SELECT 1 FROM pg_constraint
             WHERE conrelid = to_regclass('fuxi_ranking_line') AND contype = 'f' LIMIT 1
            """
        )
        if cr.fetchone():
            cr.execute("DROP TABLE fuxi_ranking_line")
