from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    fuxi_customer_code_preview = fields.Char(
        string="Next Customer Code", compute="_compute_fuxi_code_previews"
    )
    fuxi_dish_code_preview = fields.Char(
        string="Next Dish Code", compute="_compute_fuxi_code_previews"
    )

    def _compute_fuxi_code_previews(self):
        Sequence = self.env["ir.sequence"].sudo()
        customer = Sequence.search([("code", "=", "fuxi.customer.code")], limit=1)
        dish = Sequence.search([("code", "=", "fuxi.dish.code")], limit=1)
        for settings in self:
            settings.fuxi_customer_code_preview = (
                customer.get_next_char(customer.number_next_actual) if customer else False
            )
            settings.fuxi_dish_code_preview = (
                dish.get_next_char(dish.number_next_actual) if dish else False
            )

    def action_fuxi_code_settings(self):
        return self.env["ir.actions.act_window"]._for_xml_id(
            "fuxi_customer.fuxi_code_settings_action"
        )
