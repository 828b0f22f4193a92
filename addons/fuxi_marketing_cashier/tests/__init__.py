from . import test_benefits
