from odoo import api, fields, models
from odoo.exceptions import ValidationError

CODE_SEQUENCES = {
    "customer": "fuxi.customer.code",
    "dish": "fuxi.dish.code",
}


class FuxiCodeSettings(models.TransientModel):
    """代码设置: the customer and dish code sequences, editable by a customer manager.

    Managers are not Odoo administrators, so they cannot open ir.sequence; this form reads
    and writes the two Fuxi sequences for them (and only those).
    """

    _name = "fuxi.code.settings"
    _description = "Fuxi Code Settings"

    customer_prefix = fields.Char(string="Customer Code Prefix")
    customer_padding = fields.Integer(string="Customer Code Digits", default=6)
    customer_number_next = fields.Integer(string="Next Customer Number", default=1)
    customer_preview = fields.Char(string="Next Customer Code", compute="_compute_previews")
    dish_prefix = fields.Char(string="Dish Code Prefix")
    dish_padding = fields.Integer(string="Dish Code Digits", default=5)
    dish_number_next = fields.Integer(string="Next Dish Number", default=1)
    dish_preview = fields.Char(string="Next Dish Code", compute="_compute_previews")

    @api.model
    def _sequence(self, kind):
        return self.env["ir.sequence"].sudo().search([("code", "=", CODE_SEQUENCES[kind])], limit=1)

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        for kind in CODE_SEQUENCES:
            sequence = self._sequence(kind)
            if sequence:
                values.update(
                    {
                        f"{kind}_prefix": sequence.prefix or "",
                        f"{kind}_padding": sequence.padding,
                        f"{kind}_number_next": sequence.number_next_actual,
                    }
                )
        return values

    @api.depends(
        "customer_prefix",
        "customer_padding",
        "customer_number_next",
        "dish_prefix",
        "dish_padding",
        "dish_number_next",
    )
    def _compute_previews(self):
        for settings in self:
            for kind in CODE_SEQUENCES:
                prefix = settings[f"{kind}_prefix"] or ""
                padding = max(settings[f"{kind}_padding"], 0)
                number = settings[f"{kind}_number_next"]
                settings[f"{kind}_preview"] = f"{prefix}{number:0{padding}d}"

    @api.constrains("customer_padding", "customer_number_next", "dish_padding", "dish_number_next")
    def _check_numbers(self):
        for settings in self:
            for kind in CODE_SEQUENCES:
                if not 1 <= settings[f"{kind}_padding"] <= 12:
                    raise ValidationError(self.env._("Codes have between 1 and 12 digits."))
                if settings[f"{kind}_number_next"] < 1:
                    raise ValidationError(self.env._("The next number must be 1 or more."))

    def action_save(self):
        self.ensure_one()
        for kind in CODE_SEQUENCES:
            sequence = self._sequence(kind)
            if not sequence:
                raise ValidationError(
                    self.env._("The %(code)s sequence is missing.", code=CODE_SEQUENCES[kind])
                )
            sequence.write(
                {
                    "prefix": self[f"{kind}_prefix"] or False,
                    "padding": self[f"{kind}_padding"],
                    "number_next_actual": self[f"{kind}_number_next"],
                }
            )
        return {"type": "ir.actions.act_window_close"}
