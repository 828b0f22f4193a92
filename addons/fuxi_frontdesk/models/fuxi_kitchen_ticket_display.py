from odoo import api, models


class FuxiKitchenTicket(models.Model):
    """What the kitchen display needs besides the tickets (the screen's side of the bus)."""

    _inherit = "fuxi.kitchen.ticket"

    @api.model
    def kitchen_load(self, station=False):
        """Also the id of the last bus notification when the tickets were read: the bus
        replays the last ~50 s of notifications to a tab that just connected, and those
        with an id up to this one are already in what was loaded (older states of tickets,
        or beeps for work already on the screen), so the screen skips them."""
        result = super().kitchen_load(station)
        # sudo: nobody but the bus reads bus.bus; only its last id leaves this method
        result["bus_last_id"] = self.env["bus.bus"].sudo()._bus_last_id()
        return result
