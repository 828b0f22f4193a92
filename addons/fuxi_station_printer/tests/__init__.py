from . import test_endpoint, test_printing
