from . import fuxi_code_settings
from . import fuxi_occasion_label_wizard
from . import report_label_wizard
