from odoo import models

from .fuxi_frontdesk_order import FRONTDESK_GROUP, KITCHEN_GROUP


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    def session_info(self):
        """A cook (the Kitchen right without the front desk's) opens Odoo on the kitchen
        display: it is the home action of a user who has none of their own. Opening the
        Fuxi app does the same because Odoo opens an app on its first visible menu with an
        action, and for a cook that is Front Desk → Kitchen Display (tests/test_kitchen_ui.py
        checks both)."""
        info = super().session_info()
        user = self.env.user
        if (
            info.get("uid")
            and not info.get("home_action_id")
            and user.has_group(KITCHEN_GROUP)
            and not user.has_group(FRONTDESK_GROUP)
        ):
            action = self.env.ref(
                "fuxi_frontdesk.action_fuxi_kitchen_display", raise_if_not_found=False
            )
            info["home_action_id"] = action.id if action else False
        return info
