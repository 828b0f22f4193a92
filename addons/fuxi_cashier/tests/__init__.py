from . import (
    test_cashier_access,
    test_cashier_concurrency,
    test_cashier_extras,
    test_cashier_ledger,
    test_cashier_money,
    test_cashier_refusals,
    test_cashier_reports,
    test_cashier_settle_answer,
    test_cashier_tour,
    test_cashier_visits,
)
