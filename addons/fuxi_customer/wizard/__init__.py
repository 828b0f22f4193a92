from . import fuxi_code_settings, fuxi_occasion_label_wizard, report_label_wizard
