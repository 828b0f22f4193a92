from . import (
    test_dish,
    test_dish_code,
    test_document,
    test_groups,
    test_js,
    test_kitchen_station,
    test_staff_without_email,
)
