from odoo import fields, models


class FuxiDocumentVersion(models.Model):
    """One uploaded file of a document. A new upload adds a version; old ones stay."""

    _name = "fuxi.document.version"
    _description = "Document Version"
    _order = "document_id, version desc"

    document_id = fields.Many2one("fuxi.document", required=True, ondelete="cascade", index=True)
    version = fields.Integer(required=True)
    attachment_id = fields.Many2one("ir.attachment", required=True, ondelete="restrict")
    datas = fields.Binary(related="attachment_id.datas", string="File")
    file_name = fields.Char(related="attachment_id.name", string="File Name")
    mimetype = fields.Char(related="attachment_id.mimetype")
    file_size = fields.Integer(related="attachment_id.file_size")
    note = fields.Char(help="What changed in this version.")
    uploaded_by_id = fields.Many2one(
        "res.users", string="Uploaded By", default=lambda self: self.env.user, readonly=True
    )
    uploaded_on = fields.Datetime(string="Uploaded On", default=fields.Datetime.now, readonly=True)

    _sql_constraints = [
        ("version_uniq", "unique(document_id, version)", "This version number already exists."),
    ]
