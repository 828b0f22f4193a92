from . import fuxi_complaint_action_wizard
