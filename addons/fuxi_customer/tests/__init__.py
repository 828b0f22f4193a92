from . import (
    test_access,
    test_customer_code,
    test_filters,
    test_guest_profile,
    test_import,
    test_labels,
    test_shared_vocabulary,
    test_staff,
    test_staff_without_email,
    test_ui,
)
