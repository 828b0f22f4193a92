from odoo import models

from .bus_bus import _notifier


class IrCron(models.Model):
    _inherit = "ir.cron"

    def _notifydb(self):
        # Odoo's wake-up of the cron workers after a commit that triggered a job (the
        # cashier's checkout triggers the job writing its visit), on the process's kept
        # connection to ``postgres`` instead of a new one each time (see _ImbusNotifier)
        _notifier.notify([self.env.cr.dbname], channel="cron_trigger")
