from . import test_callerid, test_card, test_endpoint, test_rpc, test_ui
