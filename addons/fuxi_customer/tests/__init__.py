from . import (
    test_access,
    test_customer_code,
    test_filters,
    test_guest_profile,
    test_import,
    test_labels,
    test_staff,
    test_ui,
)
