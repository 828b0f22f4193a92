"""18.0.2.1.0: the Void right goes to every front desk user (they could void before), and
the lines already ordered get their dish's course."""

from odoo import SUPERUSER_ID, api

from odoo.addons.fuxi_frontdesk.upgrade import grant_void_right, set_line_courses


def migrate(cr, version):
    if version:
        env = api.Environment(cr, SUPERUSER_ID, {})
        grant_void_right(env)
        set_line_courses(env)
