from odoo import api, fields, models
from odoo.exceptions import ValidationError


class FuxiRegion(models.Model):
    _name = "fuxi.region"
    _description = "Customer Region"
    _parent_store = True
    _rec_name = "complete_name"
    _order = "complete_name"

    name = fields.Char(required=True, translate=True)
    complete_name = fields.Char(compute="_compute_complete_name", store=True, recursive=True)
    parent_id = fields.Many2one(
        "fuxi.region", string="Parent Region", index=True, ondelete="restrict"
    )
    parent_path = fields.Char(index=True)
    child_ids = fields.One2many("fuxi.region", "parent_id", string="Sub-regions")
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("name_parent_uniq", "unique(name, parent_id)", "This region already exists here."),
    ]

    @api.depends("name", "parent_id.complete_name")
    def _compute_complete_name(self):
        for region in self:
            if region.parent_id:
                region.complete_name = f"{region.parent_id.complete_name} / {region.name}"
            else:
                region.complete_name = region.name

    @api.constrains("parent_id")
    def _check_parent_id(self):
        if self._has_cycle():
            raise ValidationError(self.env._("A region cannot be inside itself."))
