from odoo import fields, models


class FuxiDocumentFolder(models.Model):
    _name = "fuxi.document.folder"
    _description = "Document Folder"
    _inherit = ["fuxi.tree.mixin"]
    _order = "sequence, name"

    parent_id = fields.Many2one("fuxi.document.folder", index=True, ondelete="restrict")
    child_ids = fields.One2many("fuxi.document.folder", "parent_id", string="Sub-folders")
    document_ids = fields.One2many("fuxi.document", "folder_id", string="Documents")
    document_count = fields.Integer(compute="_compute_document_count", string="Document Count")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)

    def _compute_document_count(self):
        counts = dict(
            self.env["fuxi.document"]._read_group(
                [("folder_id", "in", self.ids)], ["folder_id"], ["__count"]
            )
        )
        for folder in self:
            folder.document_count = counts.get(folder, 0)
