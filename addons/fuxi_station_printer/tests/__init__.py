from . import test_bridge, test_bridge_settings, test_endpoint, test_printing, test_ui
