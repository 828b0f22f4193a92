from . import test_cashier_tour
