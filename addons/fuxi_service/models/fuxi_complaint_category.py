from odoo import fields, models


class FuxiComplaintCategory(models.Model):
    """投诉分类: a tree such as 菜品质量 / 口味, 服务态度."""

    _name = "fuxi.complaint.category"
    _description = "Complaint Category"
    _inherit = ["fuxi.tree.mixin"]
    _order = "sequence, name"

    parent_id = fields.Many2one("fuxi.complaint.category", index=True, ondelete="restrict")
    child_ids = fields.One2many("fuxi.complaint.category", "parent_id", string="Sub-categories")
    sequence = fields.Integer(default=10)
    default_department_id = fields.Many2one(
        "hr.department",
        string="Default Department",
        help="Department that handles complaints of this category unless said otherwise.",
    )
    active = fields.Boolean(default=True)
