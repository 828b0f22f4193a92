from odoo import api, models


class FuxiSequenceMixin(models.AbstractModel):
    """Numbers a record's ``name`` from an ``ir.sequence`` when it is created.

    A model sets ``_fuxi_sequence_code`` (and ships the sequence as data); a record created
    without a name, or with "/", gets the next number of that sequence in its company.
    ``_fuxi_next_number`` is the one override point (another numbering scheme, a prefix
    per store …).
    """

    _name = "fuxi.sequence.mixin"
    _description = "Fuxi Record Numbering"

    _fuxi_sequence_code = None

    @api.model
    def _fuxi_next_number(self, vals):
        company_id = vals.get("company_id") or self.env.company.id
        sequences = self.env["ir.sequence"].with_company(company_id)
        return sequences.next_by_code(self._fuxi_sequence_code) or "/"

    @api.model_create_multi
    def create(self, vals_list):
        if self._fuxi_sequence_code:
            for vals in vals_list:
                if vals.get("name", "/") == "/":
                    vals["name"] = self._fuxi_next_number(vals)
        return super().create(vals_list)
