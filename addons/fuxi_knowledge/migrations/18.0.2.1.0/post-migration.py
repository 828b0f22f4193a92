"""18.0.2.1.0: dishes get a course (held and fired by course at the front desk)."""

from odoo import SUPERUSER_ID, api

from odoo.addons.fuxi_knowledge.upgrade import set_courses


def migrate(cr, version):
    if version:
        set_courses(api.Environment(cr, SUPERUSER_ID, {}))
