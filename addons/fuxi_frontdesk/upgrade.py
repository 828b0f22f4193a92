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
