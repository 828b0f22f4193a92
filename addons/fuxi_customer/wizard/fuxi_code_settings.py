from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError


class FuxiCodeSettings(models.TransientModel):
    """代码设置: prefix, digits and next number of the Fuxi code sequences.

    The managers of an area are not Odoo administrators and cannot open ir.sequence; this
    form reads and writes the Fuxi sequences for them, each only for the managers of its
    area. A kind of code is four fields ``<kind>_prefix``, ``<kind>_padding``,
    ``<kind>_number_next`` and ``<kind>_preview`` plus an entry in `_fuxi_code_kinds`:
    the customer code is declared here, higher addons add theirs by inheritance.
    """

    _name = "fuxi.code.settings"
    _description = "Fuxi Code Settings"

    customer_prefix = fields.Char(string="Customer Code Prefix")
    customer_padding = fields.Integer(string="Customer Code Digits", default=6)
    customer_number_next = fields.Integer(string="Next Customer Number", default=1)
    customer_preview = fields.Char(string="Next Customer Code", compute="_compute_customer_preview")

    @api.model
    def _fuxi_code_kinds(self):
        """Kind of code → (sequence code, XML id of the group allowed to change it)."""
        return {"customer": ("fuxi.customer.code", "fuxi_customer.group_fuxi_customer_manager")}

    @api.model
    def _fuxi_editable_kinds(self):
        return [
            kind
            for kind, (_code, group) in self._fuxi_code_kinds().items()
            if self.env.user.has_group(group)
        ]

    @api.model
    def _sequence(self, kind):
        code = self._fuxi_code_kinds()[kind][0]
        return self.env["ir.sequence"].sudo().search([("code", "=", code)], limit=1)

    @api.model
    def _fuxi_sequence_preview(self, kind):
        """The code the sequence gives next, or False when it is missing."""
        sequence = self._sequence(kind)
        return sequence.get_next_char(sequence.number_next_actual) if sequence else False

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        for kind in self._fuxi_editable_kinds():
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

    def _fuxi_preview(self, kind):
        self.ensure_one()
        prefix = self[f"{kind}_prefix"] or ""
        padding = max(self[f"{kind}_padding"], 0)
        return f"{prefix}{self[f'{kind}_number_next']:0{padding}d}"

    @api.depends("customer_prefix", "customer_padding", "customer_number_next")
    def _compute_customer_preview(self):
        for settings in self:
            settings.customer_preview = settings._fuxi_preview("customer")

    def _fuxi_check_numbers(self, kind):
        for settings in self:
            if not 1 <= settings[f"{kind}_padding"] <= 12:
                raise ValidationError(self.env._("Codes have between 1 and 12 digits."))
            if settings[f"{kind}_number_next"] < 1:
                raise ValidationError(self.env._("The next number must be 1 or more."))

    @api.constrains("customer_padding", "customer_number_next")
    def _check_customer_numbers(self):
        self._fuxi_check_numbers("customer")

    def action_save(self):
        """Write the sequences of the kinds the user manages (the others are not shown)."""
        self.ensure_one()
        kinds = self._fuxi_editable_kinds()
        if not kinds:
            raise AccessError(self.env._("Only the managers of an area may change its codes."))
        for kind in kinds:
            sequence = self._sequence(kind)
            if not sequence:
                raise ValidationError(
                    self.env._(
                        "The %(code)s sequence is missing.", code=self._fuxi_code_kinds()[kind][0]
                    )
                )
            sequence.write(
                {
                    "prefix": self[f"{kind}_prefix"] or False,
                    "padding": self[f"{kind}_padding"],
                    "number_next_actual": self[f"{kind}_number_next"],
                }
            )
        return {"type": "ir.actions.act_window_close"}
