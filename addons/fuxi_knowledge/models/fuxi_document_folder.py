from odoo import api, fields, models
from odoo.exceptions import ValidationError


class FuxiDocumentFolder(models.Model):
    _name = "fuxi.document.folder"
    _description = "Document Folder"
    _parent_store = True
    _rec_name = "complete_name"
    _order = "sequence, complete_name"

    name = fields.Char(required=True, translate=True)
    complete_name = fields.Char(compute="_compute_complete_name", store=True, recursive=True)
    parent_id = fields.Many2one("fuxi.document.folder", index=True, ondelete="restrict")
    parent_path = fields.Char(index=True)
    child_ids = fields.One2many("fuxi.document.folder", "parent_id", string="Sub-folders")
    document_ids = fields.One2many("fuxi.document", "folder_id", string="Documents")
    document_count = fields.Integer(compute="_compute_document_count", string="Document Count")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)

    @api.depends("name", "parent_id.complete_name")
    def _compute_complete_name(self):
        for folder in self:
            folder.complete_name = (
                f"{folder.parent_id.complete_name} / {folder.name}"
                if folder.parent_id
                else folder.name
            )

    def _compute_document_count(self):
        counts = dict(
            self.env["fuxi.document"]._read_group(
                [("folder_id", "in", self.ids)], ["folder_id"], ["__count"]
            )
        )
        for folder in self:
            folder.document_count = counts.get(folder, 0)

    @api.constrains("parent_id")
    def _check_parent_id(self):
        if self._has_cycle():
            raise ValidationError(self.env._("A folder cannot be inside itself."))
