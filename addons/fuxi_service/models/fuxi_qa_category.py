from odoo import fields, models


class FuxiQaCategory(models.Model):
    _name = "fuxi.qa.category"
    _description = "Q&A Category"
    _inherit = ["fuxi.tree.mixin"]
    _order = "sequence, name"

    parent_id = fields.Many2one("fuxi.qa.category", index=True, ondelete="restrict")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
