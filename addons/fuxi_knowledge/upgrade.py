"""Upgrade steps of fuxi_knowledge, called from ``migrations/`` and tested directly."""

import logging

_logger = logging.getLogger(__name__)

# the course of each shipped dish category (data/fuxi_dish_category_data.xml, noupdate)
SHIPPED_CATEGORY_COURSES = {
    "dish_category_cold": "cold",
    "dish_category_hot": "hot",
    "dish_category_hangbang": "hot",
    "dish_category_seafood": "hot",
    "dish_category_soup": "soup",
    "dish_category_staple": "staple",
    "dish_category_dimsum": "staple",
    "dish_category_drinks": "drink",
    "dish_category_wine": "drink",
    "dish_category_tea": "drink",
    "dish_category_soft": "drink",
}


def set_courses(env):
    """18.0.2.1.0 brings the course of a dish (冷菜 / 热菜 / 汤羹 …). The shipped categories
    are noupdate data: give them their course unless someone already chose one, then give
    every dish the course of its category (or of its kind and station). The field is new, so
    no dish has a course chosen by a person yet."""
    for xmlid, course in SHIPPED_CATEGORY_COURSES.items():
        category = env.ref(f"fuxi_knowledge.{xmlid}", raise_if_not_found=False)
        if category and not category.default_course:
            category.default_course = course
    dishes = (
        env["product.template"]
        .with_context(active_test=False)
        .search([("is_fuxi_dish", "=", True)])
    )
    for dish in dishes:
        course = dish._fuxi_default_course()
        if dish.fuxi_course != course:
            dish.fuxi_course = course
    _logger.info("Dish courses set on %s dishes and drinks", len(dishes))
    return dishes
