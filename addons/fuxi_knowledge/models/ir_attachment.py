from odoo import models


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    def _index(self, bin_data, file_type, checksum=None):
        """Index the whole text of text files, Chinese included.

        Odoo keeps only runs of printable ASCII of text files, so a checklist written in
        Chinese could never be found by its words. Decode UTF-8, then GB18030 (what Chinese
        Windows saves), before falling back to Odoo's behaviour.
        """
        if file_type and file_type.startswith("text/") and bin_data:
            for encoding in ("utf-8", "gb18030"):
                try:
                    return bin_data.decode(encoding)
                except UnicodeDecodeError:
                    continue
        return super()._index(bin_data, file_type, checksum=checksum)
