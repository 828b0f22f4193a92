from . import (
    test_complaint,
    test_complaint_report,
    test_dish_rate,
    test_groups,
    test_qa,
    test_staff_without_email,
    test_ui,
)
