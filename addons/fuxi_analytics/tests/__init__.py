# an1 (issue 17 E1)
from . import test_docx_export, test_price_history, test_region_level, test_statistics, test_ui
