from odoo import fields, models
from odoo.exceptions import UserError

from . import escpos


class FuxiFrontdeskOrder(models.Model):
    _inherit = "fuxi.frontdesk.order"

    def _frontdesk_printer(self):
        """The front desk printer for the current user: the one whose bridge notifies them,
        else the first of the order's company."""
        self.ensure_one()
        printers = (
            self.env["fuxi.station.printer"]
            .sudo()
            .search([("usage", "=", "frontdesk"), ("company_id", "=", self.company_id.id)])
        )
        mine = printers.filtered(lambda printer: self.env.user in printer.reader_id.user_ids)
        return (mine or printers)[:1]

    def _bill_print_rows(self, env, kind):
        self.ensure_one()
        order = self.sudo().with_env(env)
        title = env._("PRE-BILL") if kind == "prebill" else env._("RECEIPT")
        now = fields.Datetime.context_timestamp(order, fields.Datetime.now())
        rows = [
            escpos.row(order.company_id.name, bold=True, align="center"),
            escpos.row(title, big=True, bold=True, align="center"),
            escpos.row(env._("Table: %s", order.room_id.display_name), big=True),
            escpos.row(
                env._(
                    "Guests: %(guests)s   Waiter: %(waiter)s",
                    guests=order.guest_count,
                    waiter=order.user_id.name or "",
                )
            ),
            escpos.row(
                env._(
                    "Time: %(time)s   No.: %(number)s",
                    time=now.strftime("%m-%d %H:%M"),
                    number=order.name,
                )
            ),
            escpos.rule(),
        ]
        currency = order.currency_id
        for line in order.line_ids.filtered(lambda item: item.state != "void"):
            amount = currency.format(line.subtotal) if currency else f"{line.subtotal:.2f}"
            label = f"{line.quantity:g} × {line.product_id.name}"
            if line.is_comp:
                label += " " + env._("(on the house)")
            rows.append(escpos.row(f"{label}  {amount}"))
        rows += [
            escpos.rule(),
            escpos.row(
                env._(
                    "Total: %s",
                    currency.format(order.amount_total) if currency else order.amount_total,
                ),
                big=True,
                bold=True,
                align="right",
            ),
        ]
        return rows

    def action_print_prebill_ticket(self):
        """预结单 on the front desk's ticket printer (the PDF pre-bill stays as it is)."""
        self.ensure_one()
        self._check_frontdesk_user()
        self.check_access("read")
        printer = self._frontdesk_printer()
        if not printer:
            raise UserError(self.env._("No front desk printer is set up for this restaurant."))
        env = printer._ticket_env()
        kind = "prebill" if self.state == "open" else "receipt"
        rows = self._bill_print_rows(env, kind)
        job = printer._enqueue(kind, rows, order=self, title=f"{self.name} {self.room_id.name}")
        return {"job_id": job.id, "printer": printer.name}
