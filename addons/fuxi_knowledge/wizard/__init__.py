from . import fuxi_code_settings
