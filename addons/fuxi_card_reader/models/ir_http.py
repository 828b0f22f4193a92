import time

from odoo import models


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    def session_info(self):
        info = super().session_info()
        # the server's clock when the page is built: a station tab compares it with its own
        # to tell a swipe replayed by the bus from a fresh one (card_swipe_service.js)
        info["fuxi_server_time"] = time.time()
        return info
