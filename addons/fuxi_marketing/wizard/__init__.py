from . import fuxi_marketing_letter_wizard
