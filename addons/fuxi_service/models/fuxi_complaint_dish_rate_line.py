from odoo import fields, models


class FuxiComplaintDishRateLine(models.TransientModel):
    _name = "fuxi.complaint.dish.rate.line"
    _description = "Complaint Rate of a Dish"
    _order = "sequence"

    wizard_id = fields.Many2one("fuxi.complaint.dish.rate", required=True, ondelete="cascade")
    sequence = fields.Integer(string="Rank")
    product_id = fields.Many2one("product.product", string="Dish", required=True)
    complaint_count = fields.Integer(string="Complaints")
    served_qty = fields.Float(string="Portions Served")
    rate = fields.Float(string="Complaint Rate (%)", digits=(16, 2), aggregator="max")
