from odoo import fields, models


class FuxiRoom(models.Model):
    """A private room (包间) or a table in the hall: where guests are seated."""

    _name = "fuxi.room"
    _description = "Room or Table"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True, help="e.g. 听涛阁, A3")
    code = fields.Char(string="Number", help="The number on the door or the table.")
    kind = fields.Selection(
        [("room", "Private Room"), ("table", "Hall Table"), ("bar", "Bar Seat")],
        required=True,
        default="table",
    )
    area = fields.Char(help="Floor or zone, e.g. 一楼大厅, 二楼包间区")
    capacity = fields.Integer(default=4, help="Number of seats.")
    minimum_spend = fields.Monetary(
        help="Minimum spend of a private room (包间最低消费), 0 for none."
    )
    currency_id = fields.Many2one(
        "res.currency", default=lambda self: self.env.company.currency_id, required=True
    )
    sequence = fields.Integer(default=10)
    color = fields.Integer()
    note = fields.Text()
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("capacity_positive", "CHECK(capacity > 0)", "A room or table seats at least one guest."),
        ("name_uniq", "unique(name)", "Another room or table already has this name."),
    ]
