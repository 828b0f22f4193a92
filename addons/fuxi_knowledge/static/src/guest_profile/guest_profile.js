import {GuestProfile} from "@fuxi_customer/guest/guest_profile";
import {patch} from "@web/core/utils/patch";

/** The new dishes to recommend, each struck through when it clashes with the guest's taboos. */
patch(GuestProfile.prototype, {
    get newDishes() {
        return this.props.profile.new_dishes || [];
    },

    /** The guest's taboos the dish clashes with (empty when the guest may have it). */
    dishClash(dish) {
        return dish.taboo_clash || [];
    },
});
