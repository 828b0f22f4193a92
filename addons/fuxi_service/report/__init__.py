from . import fuxi_complaint_report
