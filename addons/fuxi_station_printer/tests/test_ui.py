from odoo.tests import HttpCase, new_test_user, tagged

from .common import PrinterCase


@tagged("post_install", "-at_install")
class TestPrinterWarningUi(HttpCase, PrinterCase):
    """The red printer-offline warning on the kitchen display and the front desk, with the
    number of waiting tickets, in the user's language; at the front desk, a phone call while
    the table's order is open is offered, not assigned."""

    def test_offline_printer_warning_on_both_screens(self):
        self.hot_printer.name = "巡回热菜厨打"
        order = self._open()
        for _index in range(3):
            self._send(order, (self.fish, 1, ""))
        self.hot_printer._set_status("offline", "offline")
        new_test_user(
            self.env,
            "fd_printer_tour_cook",
            groups="fuxi_frontdesk.group_fuxi_kitchen",
            lang="zh_CN",
            tz="Asia/Shanghai",
        )
        new_test_user(
            self.env,
            "fd_printer_tour_waiter",
            groups="fuxi_frontdesk.group_fuxi_frontdesk_user",
            lang="zh_CN",
            tz="Asia/Shanghai",
        )
        self.start_tour("/odoo", "fuxi_printer_warning_kitchen", login="fd_printer_tour_cook")
        caller = self.env["res.partner"].create({"name": "巡回来电客人", "is_fuxi_customer": True})
        self.start_tour("/odoo", "fuxi_printer_warning_frontdesk", login="fd_printer_tour_waiter")
        # the call was only offered; the waiter's click made the caller the table's guest
        order.invalidate_recordset()
        self.assertEqual(order.partner_id, caller)
