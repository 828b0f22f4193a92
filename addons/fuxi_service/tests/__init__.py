from . import test_complaint, test_dish_rate, test_groups, test_qa, test_ui
