from odoo import models


class FuxiRanking(models.TransientModel):
    """fuxi_tracking's three rankings, also as Word documents."""

    _name = "fuxi.ranking"
    _inherit = ["fuxi.ranking", "fuxi.docx.export"]

    def _fuxi_docx_check(self):
        self._check_parameters()

    def _fuxi_docx_filename(self):
        return f"{self._display_title()}.docx".replace("/", "-")

    def _fuxi_docx_table(self):
        self.ensure_one()
        if not self.line_ids:
            self.action_compute()
        _ = self.env._
        qty, money = self._fuxi_fmt_quantity, self._fuxi_fmt_amount
        currency = self.currency_id or self.env.company.currency_id
        lines = self.line_ids.sorted("rank")
        kinds = dict(self.line_ids._fields["kind"]._description_selection(self.env))
        walk_in = _("Walk-in guests")
        if self.ranking == "customer_dishes":
            headers = [
                _("Rank"),
                _("Dish / Drink"),
                _("Kind"),
                _("Quantity"),
                _("Visits"),
                _("Amount"),
            ]
            rows = [
                [
                    str(line.rank),
                    line.product_id.name,
                    kinds.get(line.kind, ""),
                    qty(line.quantity),
                    str(line.visits),
                    money(line.amount, currency),
                ]
                for line in lines
            ]
            totals = ["", _("Total"), "", qty(sum(lines.mapped("quantity")))]
        elif self.ranking == "dish_customers":
            headers = [_("Rank"), _("Customer"), _("Quantity"), _("Visits"), _("Amount")]
            rows = [
                [
                    str(line.rank),
                    line.partner_id.name or walk_in,
                    qty(line.quantity),
                    str(line.visits),
                    money(line.amount, currency),
                ]
                for line in lines
            ]
            totals = ["", _("Total"), qty(sum(lines.mapped("quantity")))]
        else:
            headers = [
                _("Rank"),
                _("Customer"),
                _("Customer Class"),
                _("Visits"),
                _("Amount"),
                _("Average per Visit"),
            ]
            rows = [
                [
                    str(line.rank),
                    line.partner_id.name or walk_in,
                    line.customer_class_id.name or "",
                    str(line.visits),
                    money(line.amount, currency),
                    money(line.average, currency),
                ]
                for line in lines
            ]
            totals = ["", _("Total"), ""]
        visits = sum(lines.mapped("visits"))
        amount = sum(lines.mapped("amount"))
        totals += [str(visits), money(amount, currency)]
        if self.ranking == "customer_spend":
            totals.append(money(amount / visits if visits else 0.0, currency))
        label = dict(self._fields["ranking"]._description_selection(self.env))[self.ranking]
        info = [self._fuxi_period_line(self.date_from, self.date_to)]
        if self.ranking == "customer_dishes":
            info.append(_("Customer: %(name)s", name=self.partner_id.name))
        elif self.ranking == "dish_customers":
            info.append(_("Dish / Drink: %(name)s", name=self.product_id.name))
        if self.limit:
            info.append(_("Top %(limit)s of %(title)s", limit=self.limit, title=label))
        return {
            "title": label,
            "info": info,
            "headers": headers,
            "rows": rows,
            "totals": totals,
            "numeric": self._fuxi_numeric_columns(headers),
        }
