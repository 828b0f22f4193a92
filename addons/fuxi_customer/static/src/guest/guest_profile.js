import {Component} from "@odoo/owl";
import {_t} from "@web/core/l10n/translation";
import {deserializeDateTime, formatDate, formatDateTime} from "@web/core/l10n/dates";
import {formatFloat} from "@web/core/utils/numbers";

const {DateTime} = luxon;

/** Formats an amount with the currency of a guest profile. */
export function formatProfileMoney(amount, currency) {
    const digits = currency?.digits ?? 2;
    const value = formatFloat(amount || 0, {digits: [false, digits]});
    const symbol = currency?.symbol || "";
    return currency?.position === "after" ? `${value} ${symbol}` : `${symbol} ${value}`;
}

/**
 * The guest at a glance: class, VIP, birthday, tastes and taboos and whatever the installed
 * Fuxi addons add to the profile (visits, favourite dishes, new dishes, open complaints).
 * Reads the plain values of res.partner.get_fuxi_guest_profile().
 */
export class GuestProfile extends Component {
    static template = "fuxi_customer.GuestProfile";
    static props = {
        profile: Object,
        compact: {type: Boolean, optional: true},
        onOpenRecord: {type: Function, optional: true},
    };
    static defaultProps = {compact: false};

    get birthdayText() {
        const days = this.props.profile.birthday_in_days;
        if (days === false || days === undefined || days === null) {
            return "";
        }
        if (days === 0) {
            return _t("Birthday today!");
        }
        return days <= 30 ? _t("Birthday in %s days", days) : "";
    }

    get occasionText() {
        const occasion = this.props.profile.next_occasion;
        if (
            !occasion ||
            !occasion.date ||
            occasion.in_days === false ||
            occasion.in_days > 30
        ) {
            return "";
        }
        if (
            occasion.name &&
            this.birthdayText &&
            occasion.in_days === this.props.profile.birthday_in_days
        ) {
            return "";
        }
        return occasion.in_days === 0
            ? _t("%s today", occasion.name)
            : _t("%(name)s in %(days)s days", {
                  name: occasion.name,
                  days: occasion.in_days,
              });
    }

    get hasHistory() {
        return this.props.profile.visit_count !== undefined;
    }

    money(amount) {
        return formatProfileMoney(amount, this.props.profile.currency);
    }

    dateTime(value) {
        return value ? formatDateTime(deserializeDateTime(value)) : "";
    }

    date(value) {
        return value ? formatDate(DateTime.fromISO(value)) : "";
    }

    open(model, id) {
        this.props.onOpenRecord?.(model, id);
    }
}
