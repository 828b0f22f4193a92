from odoo import fields, models
from odoo.exceptions import UserError

from . import escpos


class FuxiFrontdeskOrder(models.Model):
    _inherit = "fuxi.frontdesk.order"

    def _frontdesk_printer(self):
        """The front desk printer for the current user: the one whose bridge notifies them,
        else the first of the order's company."""
        self.ensure_one()
        Printer = self.env["fuxi.station.printer"].sudo()
        printers = Printer.browse(Printer._frontdesk_printer_ids(self.company_id.id))
        mine = printers.filtered(lambda printer: self.env.user in printer.reader_id.user_ids)
        return (mine or printers)[:1]

    # ------------------------------------------------------------- the bill's content
    # A pre-bill and a receipt are built from these sections, each overridable: a cashier
    # addon adds its discounts, payments and change to _fuxi_receipt_totals by inheritance.
    def _fuxi_receipt_header(self, env, kind):
        """Company, title, table, guests and waiter, time and number, the guest."""
        order = self.sudo().with_env(env)
        title = env._("PRE-BILL") if kind == "prebill" else env._("RECEIPT")
        moment = order.closed_at if kind == "receipt" and order.closed_at else fields.Datetime.now()
        at = fields.Datetime.context_timestamp(order, moment)
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
                    time=at.strftime("%m-%d %H:%M"),
                    number=order.name,
                )
            ),
        ]
        if order.partner_id:
            rows.append(escpos.row(env._("Guest: %s", order.partner_id.name)))
        return rows

    def _fuxi_format_amount(self, amount):
        currency = self.currency_id
        return currency.format(amount) if currency else f"{amount:.2f}"

    def _fuxi_receipt_dish_rows(self, env):
        """One row per dish on the bill (voided dishes left out, comped ones marked)."""
        order = self.sudo().with_env(env)
        rows = []
        for line in order.line_ids.filtered(lambda item: item.state != "void"):
            label = f"{line.quantity:g} × {line.product_id.name}"
            if line.is_comp:
                label += " " + env._("(on the house)")
            rows.append(escpos.row(f"{label}  {order._fuxi_format_amount(line.subtotal)}"))
        return rows

    def _fuxi_receipt_totals(self, env, kind):
        """What the guest pays: today the total of the dishes."""
        order = self.sudo().with_env(env)
        return [
            escpos.row(
                env._("Total: %s", order._fuxi_format_amount(order.amount_total)),
                big=True,
                bold=True,
                align="right",
            )
        ]

    def _fuxi_receipt_footer(self, env, kind):
        if kind != "receipt":
            return []
        return [escpos.row(env._("Thank you for dining with us"), align="center")]

    def _fuxi_receipt_lines(self, env, kind="receipt"):
        """The rows of the bill (kind "prebill" or "receipt"), in the printer's language
        ``env``: header, dishes, totals, footer."""
        self.ensure_one()
        return [
            *self._fuxi_receipt_header(env, kind),
            escpos.rule(),
            *self._fuxi_receipt_dish_rows(env),
            escpos.rule(),
            *self._fuxi_receipt_totals(env, kind),
            *self._fuxi_receipt_footer(env, kind),
        ]

    def _fuxi_print_bill(self, printer, kind):
        env = printer._ticket_env()
        rows = self._fuxi_receipt_lines(env, kind)
        return printer._enqueue(kind, rows, order=self, title=f"{self.name} {self.room_id.name}")

    # ------------------------------------------------------------- actions
    def action_print_prebill_ticket(self):
        """预结单 on the front desk's ticket printer (the PDF pre-bill stays as it is); once
        the table has checked out, the receipt again."""
        self.ensure_one()
        self._check_frontdesk_user()
        self.check_access("read")
        printer = self._frontdesk_printer()
        if not printer:
            raise UserError(self.env._("No front desk printer is set up for this restaurant."))
        kind = "prebill" if self.state == "open" else "receipt"
        job = self._fuxi_print_bill(printer, kind)
        return {"job_id": job.id, "printer": printer.name}

    def action_checkout(self, confirm=False):
        """The receipt (结账单) prints on the front desk printer when the table checks out,
        if the restaurant has one; the checkout's answer names the job."""
        result = super().action_checkout(confirm=confirm)
        if self.state == "done" and isinstance(result, dict):
            printer = self._frontdesk_printer()
            if printer:
                job = self._fuxi_print_bill(printer, "receipt")
                result.update(receipt_job_id=job.id, receipt_printer=printer.name)
        return result
