from odoo import models

from .fuxi_frontdesk_order import KITCHEN_GROUP


class IrWebsocket(models.AbstractModel):
    _inherit = "ir.websocket"

    def _build_bus_channel_list(self, channels):
        """Kitchen users listen to the kitchen tickets of their language and time zone (one
        bus row per ticket and language, see fuxi.kitchen.ticket._notify_kitchen)."""
        channels = super()._build_bus_channel_list(channels)
        user = self.env.user
        if user and not user.share and user.has_group(KITCHEN_GROUP):
            channels.append(
                self.env["fuxi.kitchen.ticket"].sudo()._kitchen_channel(user.lang, user.tz)
            )
        return channels
