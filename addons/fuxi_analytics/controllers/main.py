from werkzeug.exceptions import NotFound

from odoo import http
from odoo.http import content_disposition, request

DOCX_MIMETYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
EXPORTABLE = ("fuxi.statistic", "fuxi.ranking")


class FuxiAnalyticsController(http.Controller):
    @http.route("/fuxi_analytics/docx/<string:model>/<int:record_id>", type="http", auth="user")
    def download_docx(self, model, record_id):
        """A statistic or ranking as a Word document, for the user who made it (record
        rules), in their language."""
        if model not in EXPORTABLE:
            raise NotFound()
        user = request.env.user
        record = (
            request.env[model].with_context(lang=user.lang, tz=user.tz).browse(record_id).exists()
        )
        if not record:
            raise NotFound()
        record.check_access("read")
        content = record._fuxi_docx_content()
        return request.make_response(
            content,
            headers=[
                ("Content-Type", DOCX_MIMETYPE),
                ("Content-Length", len(content)),
                ("Content-Disposition", content_disposition(record._fuxi_docx_filename())),
            ],
        )
