from odoo import models


class FuxiFrontdeskOrderLine(models.Model):
    _inherit = "fuxi.frontdesk.order.line"

    def _print_new_voids(self, order, before):
        """A void slip (退菜) for the sent dishes voided since ``before`` (line ids)."""
        voided = order.sudo().line_ids.filtered(
            lambda line: line.state == "void" and line.ticket_id and line.id not in before
        )
        if voided:
            voided.ticket_id._print_on_printers("void", lines=voided)

    def _void_ids(self, order):
        return set(order.sudo().line_ids.filtered(lambda line: line.state == "void").ids)

    def void_line(self, reason):
        self.ensure_one()
        order = self.order_id
        before = self._void_ids(order)
        result = super().void_line(reason)
        self._print_new_voids(order, before)
        return result

    def void_quantity(self, quantity, reason, void_uid=None):
        self.ensure_one()
        order = self.order_id
        before = self._void_ids(order)
        result = super().void_quantity(quantity, reason, void_uid=void_uid)
        self._print_new_voids(order, before)
        return result
