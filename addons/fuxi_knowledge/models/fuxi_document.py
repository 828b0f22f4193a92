from odoo import api, fields, models
from odoo.exceptions import UserError


class FuxiDocument(models.Model):
    """标准文档: a shared file (checklist, rules, menu…) with its versions.

    The file is an ir.attachment, so Odoo indexes its text (PDF, Word, Excel, text) and the
    web client previews PDFs and images. Uploading a new file keeps the previous versions.
    """

    _name = "fuxi.document"
    _description = "Standard Document"
    _inherit = ["mail.thread"]
    _order = "folder_id, name"

    name = fields.Char(required=True, tracking=True)
    folder_id = fields.Many2one(
        "fuxi.document.folder", string="Folder", index=True, tracking=True, ondelete="restrict"
    )
    tag_ids = fields.Many2many("fuxi.document.tag", string="Tags")
    description = fields.Text()
    version_ids = fields.One2many("fuxi.document.version", "document_id", string="Versions")
    version_count = fields.Integer(compute="_compute_current", string="Versions Kept")
    current_version_id = fields.Many2one(
        "fuxi.document.version", compute="_compute_current", string="Current Version"
    )
    version = fields.Integer(compute="_compute_current", string="Version")
    datas = fields.Binary(
        string="File",
        compute="_compute_datas",
        inverse="_inverse_datas",
        help="Uploading a new file adds a version; the previous files stay in the history.",
    )
    file_name = fields.Char(compute="_compute_current", inverse="_inverse_file_name")
    mimetype = fields.Char(compute="_compute_current")
    file_size = fields.Integer(compute="_compute_current")
    is_pdf = fields.Boolean(compute="_compute_current")
    is_image = fields.Boolean(compute="_compute_current")
    uploaded_by_id = fields.Many2one(
        "res.users", compute="_compute_current", string="Last Uploaded By"
    )
    uploaded_on = fields.Datetime(compute="_compute_current", string="Last Uploaded On")
    content_search = fields.Char(
        string="Text in File",
        compute="_compute_content_search",
        search="_search_content_search",
        help="Finds documents whose file (any version) contains the words.",
    )
    active = fields.Boolean(default=True)

    @api.depends("version_ids.version", "version_ids.attachment_id")
    def _compute_current(self):
        for document in self:
            current = document.version_ids.sorted("version")[-1:]
            attachment = current.attachment_id
            document.current_version_id = current
            document.version_count = len(document.version_ids)
            document.version = current.version
            document.file_name = attachment.name
            document.mimetype = attachment.mimetype
            document.file_size = attachment.file_size
            document.is_pdf = attachment.mimetype == "application/pdf"
            document.is_image = bool(
                attachment.mimetype and attachment.mimetype.startswith("image/")
            )
            document.uploaded_by_id = current.uploaded_by_id
            document.uploaded_on = current.uploaded_on

    @api.depends("current_version_id")
    def _compute_datas(self):
        for document in self:
            document.datas = document.current_version_id.attachment_id.datas

    def _inverse_datas(self):
        for document in self:
            if not document.datas:
                continue
            if document.datas == document.current_version_id.attachment_id.datas:
                continue
            document._add_version(document.datas, self.env.context.get("fuxi_file_name"))

    def _inverse_file_name(self):
        # the name typed with an upload is used by _inverse_datas (same save)
        return

    @api.model_create_multi
    def create(self, vals_list):
        names = [vals.get("file_name") for vals in vals_list]
        records = self.browse()
        for vals, name in zip(vals_list, names, strict=True):
            records |= super(FuxiDocument, self.with_context(fuxi_file_name=name)).create([vals])
        return records

    def write(self, vals):
        if vals.get("file_name"):
            self = self.with_context(fuxi_file_name=vals["file_name"])
        return super().write(vals)

    def _add_version(self, datas, file_name=None, note=None):
        """Store a new file as the next version of the document."""
        self.ensure_one()
        if not datas:
            raise UserError(self.env._("The file is empty."))
        number = max(self.version_ids.mapped("version") or [0]) + 1
        attachment = self.env["ir.attachment"].create(
            {
                "name": file_name or self.file_name or self.name,
                "datas": datas,
                "res_model": self._name,
                "res_id": self.id,
            }
        )
        version = self.env["fuxi.document.version"].create(
            {
                "document_id": self.id,
                "version": number,
                "attachment_id": attachment.id,
                "note": note,
            }
        )
        self.message_post(
            body=self.env._(
                "Version %(version)s uploaded: %(file)s", version=number, file=attachment.name
            )
        )
        self.invalidate_recordset()
        return version

    def _compute_content_search(self):
        self.content_search = False

    def _search_content_search(self, operator, value):
        if operator not in ("ilike", "like", "=ilike") or not value:
            raise UserError(self.env._("Search the text in files with 'contains'."))
        attachments = (
            self.env["ir.attachment"]
            .sudo()
            .search(
                [
                    ("res_model", "=", self._name),
                    "|",
                    ("index_content", operator, value),
                    ("name", operator, value),
                ]
            )
        )
        return [("id", "in", attachments.mapped("res_id"))]

    def action_open_file(self):
        self.ensure_one()
        if not self.current_version_id:
            raise UserError(self.env._("This document has no file yet."))
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self.current_version_id.attachment_id.id}?download=true",
            "target": "self",
        }
