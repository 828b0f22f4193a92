import {GuestProfile} from "@fuxi_customer/guest/guest_profile";
import {formatFloat} from "@web/core/utils/numbers";
import {patch} from "@web/core/utils/patch";

/** Formats an amount with the currency the profile carries ({ symbol, position, digits }). */
export function formatProfileMoney(amount, currency) {
    const digits = currency?.digits ?? 2;
    const value = formatFloat(amount || 0, {digits: [false, digits]});
    const symbol = currency?.symbol || "";
    return currency?.position === "after" ? `${value} ${symbol}` : `${symbol} ${value}`;
}

/**
 * The guest's customer value (RFM segment) and history: visits, spend, favourite dishes and
 * the last visits. The server adds these values only for users with tracking rights.
 */
patch(GuestProfile.prototype, {
    get badges() {
        const badges = super.badges;
        const label = this.props.profile.rfm_segment_label;
        if (label) {
            badges.push({
                key: "rfm_segment",
                label,
                className: "badge text-bg-light o_fuxi_segment",
            });
        }
        return badges;
    },

    get hasHistory() {
        return this.props.profile.visit_count !== undefined;
    },

    money(amount) {
        return formatProfileMoney(amount, this.props.profile.currency);
    },
});
