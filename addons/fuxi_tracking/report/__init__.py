from . import res_partner_report
