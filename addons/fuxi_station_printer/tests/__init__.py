from . import test_bridge, test_endpoint, test_printing, test_ui
