"""Upgrade steps of fuxi_frontdesk, called from ``migrations/`` and tested directly."""

import logging

_logger = logging.getLogger(__name__)


def narrow_kitchen_rights(env):
    """The Kitchen right used to imply the front desk viewer, and through it the tracking
    viewer (every guest's visits and spend). Odoo stores implied groups on the users, so
    the cooks keep them after the implication is gone: take them back from the users who
    have the Kitchen right without being front desk staff, unless they are tracking staff.
    """
    kitchen = env.ref("fuxi_frontdesk.group_fuxi_kitchen", raise_if_not_found=False)
    if not kitchen:
        return env["res.users"]
    frontdesk_user = env.ref("fuxi_frontdesk.group_fuxi_frontdesk_user")
    frontdesk_viewer = env.ref("fuxi_frontdesk.group_fuxi_frontdesk_viewer")
    tracking_viewer = env.ref("fuxi_tracking.group_fuxi_tracking_viewer")
    tracking_user = env.ref("fuxi_tracking.group_fuxi_tracking_user")
    cooks = kitchen.with_context(active_test=False).users - frontdesk_user.users
    cooks = cooks.filtered(lambda user: frontdesk_viewer in user.groups_id)
    for cook in cooks:
        removed = frontdesk_viewer
        if tracking_user not in cook.groups_id:
            removed |= tracking_viewer
        cook.write({"groups_id": [(3, group.id) for group in removed]})
    if cooks:
        _logger.info(
            "Kitchen right no longer implies the front desk and tracking viewers: "
            "narrowed the rights of %s",
            ", ".join(cooks.mapped("login")),
        )
    return cooks


def backfill_void_times(cr):
    """Before 18.0.2.1.0 a void kept no time: the report by day would lose the voids made
    before. The column is made here, filled with the line's last change (the void was its
    last change: a voided line changes no more), before the ORM adds the report's columns."""
    cr.execute("ALTER TABLE fuxi_frontdesk_order_line ADD COLUMN IF NOT EXISTS voided_at timestamp")
    cr.execute(
        """UPDATE fuxi_frontdesk_order_line SET voided_at = write_date
           WHERE state = 'void' AND voided_at IS NULL"""
    )
    return cr.rowcount


def grant_void_right(env):
    """Front desk users voided sent dishes before 18.0.2.1.0 brought the Void right: they keep
    doing so (comps are new: that right is given by a manager)."""
    void = env.ref("fuxi_frontdesk.group_fuxi_void", raise_if_not_found=False)
    frontdesk_user = env.ref("fuxi_frontdesk.group_fuxi_frontdesk_user", raise_if_not_found=False)
    if not void or not frontdesk_user:
        return env["res.users"]
    users = frontdesk_user.with_context(active_test=False).users - void.users
    if users:
        void.write({"users": [(4, user.id) for user in users]})
        _logger.info(
            "Void right given to the front desk users %s", ", ".join(users.mapped("login"))
        )
    return users


def set_line_courses(env):
    """Lines added before 18.0.2.1.0 get their dish's course (held and fired by course)."""
    env.cr.execute(
        """UPDATE fuxi_frontdesk_order_line line SET course = template.fuxi_course
           FROM product_product product
           JOIN product_template template ON template.id = product.product_tmpl_id
           WHERE product.id = line.product_id AND line.course IS NULL"""
    )
    return env.cr.rowcount
