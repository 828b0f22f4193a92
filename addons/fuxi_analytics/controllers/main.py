from psycopg2.errors import ReadOnlySqlTransaction
from werkzeug.exceptions import NotFound

from odoo import http
from odoo.http import content_disposition, request

DOCX_MIMETYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
EXPORTABLE = ("fuxi.statistic", "fuxi.ranking")


class FuxiAnalyticsController(http.Controller):
    # readonly: the document's query runs on the read replica when there is one
    # (db_replica_host); see download_docx for a statistic the replica has not received yet
    @http.route(
        "/fuxi_analytics/docx/<string:model>/<int:record_id>",
        type="http",
        auth="user",
        readonly=True,
    )
    def download_docx(self, model, record_id):
        """A statistic or ranking as a Word document, for the user who made it (record
        rules), in their language."""
        if model not in EXPORTABLE:
            raise NotFound()
        user = request.env.user
        record = (
            request.env[model].with_context(lang=user.lang, tz=user.tz).browse(record_id).exists()
        )
        if not record and request.env.cr.readonly:
            # The statistic was saved on the primary a moment ago and the replica may not
            # have replayed it yet: Odoo's dispatcher answers this exception by running the
            # request again on a read/write cursor of the primary (http._transactioning).
            raise ReadOnlySqlTransaction(
                f"{model} {record_id} is not on the read replica (yet): reading the primary"
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
