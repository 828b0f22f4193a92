from . import test_concurrency, test_frontdesk_order, test_kitchen, test_ui
