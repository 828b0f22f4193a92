from odoo import fields, models


class FuxiDocumentTag(models.Model):
    _name = "fuxi.document.tag"
    _description = "Document Tag"
    _order = "name"

    name = fields.Char(required=True, translate=True)
    color = fields.Integer()

    _sql_constraints = [("name_uniq", "unique(name)", "This tag already exists.")]
