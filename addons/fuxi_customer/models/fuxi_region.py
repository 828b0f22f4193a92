from odoo import fields, models


class FuxiRegion(models.Model):
    _name = "fuxi.region"
    _inherit = ["fuxi.tree.mixin"]
    _description = "Customer Region"
    _order = "parent_path, id"

    parent_id = fields.Many2one(
        "fuxi.region", string="Parent Region", index=True, ondelete="restrict"
    )
    child_ids = fields.One2many("fuxi.region", "parent_id", string="Sub-regions")
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("name_parent_uniq", "unique(name, parent_id)", "This region already exists here."),
    ]
