from . import test_complaint, test_dish_rate, test_qa, test_ui
