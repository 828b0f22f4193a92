from odoo import api, models


class ProductTemplate(models.Model):
    """Every change of a dish's price is kept in fuxi.price.history: on creation, on any
    write (form, list, RPC, product.product's lst_price, which writes here) and on import
    (load, which base_import uses)."""

    _inherit = "product.template"

    @api.model_create_multi
    def create(self, vals_list):
        templates = super().create(vals_list)
        dishes = templates.filtered("is_fuxi_dish")
        if dishes:
            self.env["fuxi.price.history"]._fuxi_record(
                dishes, {}, self._fuxi_price_reason("create")
            )
        return templates

    def write(self, vals):
        if "list_price" not in vals and "is_fuxi_dish" not in vals:
            return super().write(vals)
        before = {t.id: t.list_price if t.is_fuxi_dish else None for t in self}
        result = super().write(vals)
        dishes = self.filtered("is_fuxi_dish")
        if dishes:
            self.env["fuxi.price.history"]._fuxi_record(
                dishes, before, self._fuxi_price_reason("change")
            )
        return result

    @api.model
    def load(self, fields, data):
        return super(ProductTemplate, self.with_context(fuxi_price_import=True)).load(fields, data)

    @api.model
    def _fuxi_price_reason(self, default):
        return "import" if self.env.context.get("fuxi_price_import") else default

    def action_fuxi_price_trend(self):
        """The dish's menu price month by month, as a line graph."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "fuxi_analytics.fuxi_price_trend_action"
        )
        action["domain"] = [("product_tmpl_id", "=", self.id)]
        action["context"] = {"search_default_group_category": 0}
        action["display_name"] = self.env._("Price Trend of %(dish)s", dish=self.name)
        return action

    def action_fuxi_price_history(self):
        """The dish's price changes: when, by whom, from what to what."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "fuxi_analytics.fuxi_price_history_action"
        )
        action["domain"] = [("product_tmpl_id", "=", self.id)]
        action["display_name"] = self.env._("Price History of %(dish)s", dish=self.name)
        return action
