from . import (
    test_dish,
    test_dish_code,
    test_dish_ordering,
    test_document,
    test_groups,
    test_kitchen_station,
    test_staff_without_email,
)
