import {Component, useState} from "@odoo/owl";
import {formatCurrency} from "@web/core/currency";

/** The menu as big touch tiles: category tabs, a search box, new-dish badges. */
export class DishGrid extends Component {
    static template = "fuxi_frontdesk.DishGrid";
    static props = {
        dishes: Array,
        categories: Array,
        currencyId: {type: Number, optional: true},
        taboos: {type: Array, optional: true},
        disabled: {type: Boolean, optional: true},
        onAdd: Function,
    };

    setup() {
        this.state = useState({categoryId: false, search: "", onlyNew: false});
    }

    get visibleDishes() {
        const search = this.state.search.trim().toLowerCase();
        return this.props.dishes.filter((dish) => {
            if (search) {
                // a search looks through the whole menu
                return (
                    dish.name.toLowerCase().includes(search) ||
                    (dish.code || "").toLowerCase().startsWith(search)
                );
            }
            if (this.state.onlyNew) {
                return dish.is_new;
            }
            return !this.state.categoryId || dish.category_id === this.state.categoryId;
        });
    }

    selectCategory(categoryId) {
        this.state.categoryId = categoryId;
        this.state.onlyNew = false;
        this.state.search = "";
    }

    showNew() {
        this.state.onlyNew = !this.state.onlyNew;
        this.state.categoryId = false;
    }

    money(amount) {
        return formatCurrency(amount || 0, this.props.currencyId);
    }

    imageUrl(dish) {
        return `/web/image/product.product/${dish.id}/image_128`;
    }

    onSearchKeydown(ev) {
        if (ev.key === "Enter" && this.visibleDishes.length === 1) {
            this.props.onAdd(this.visibleDishes[0]);
            this.state.search = "";
        }
    }
}
