from . import test_audience, test_policy
