from odoo import fields, models


class BusBus(models.Model):
    _inherit = "bus.bus"

    # A websocket's polls during its first 10 seconds (a station's tab opening or
    # reconnecting) ask for the notifications of the last 50 seconds by create_date; bus.bus
    # keeps a day of notifications (cleaned daily), and without this index each of those
    # polls reads the whole table: 150-200 ms at 350,000 rows, on every call pushed to the
    # station meanwhile.
    create_date = fields.Datetime(index=True)
