import {deserializeDateTime, formatDate, formatDateTime} from "@web/core/l10n/dates";
import {Component} from "@odoo/owl";
import {_t} from "@web/core/l10n/translation";

const {DateTime} = luxon;

/**
 * The guest at a glance: identity (name, code, class, VIP, contact, region), tastes and taboos,
 * birthday and important dates. Reads the plain values of res.partner.get_fuxi_guest_profile().
 *
 * Higher Fuxi addons add their own blocks: they extend the template "fuxi_customer.GuestProfile"
 * at its anchors and patch() this class for the logic those blocks need, e.g. `badges` (extra
 * badges after the class badge). Each block must render only when its values are in the
 * profile, since the server adds them only for users allowed to see them.
 */
export class GuestProfile extends Component {
    static template = "fuxi_customer.GuestProfile";
    static props = {
        profile: Object,
        compact: {type: Boolean, optional: true},
        onOpenRecord: {type: Function, optional: true},
    };
    static defaultProps = {compact: false};

    /**
     * Extra badges of the header, after the class badge: a list of
     * { key, label, className, title? }. Extend it with patch() and super.badges.
     */
    get badges() {
        return [];
    }

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

    /** A server datetime in the user's time, to the minute (seconds only clutter a profile). */
    dateTime(value) {
        return value
            ? formatDateTime(deserializeDateTime(value), {showSeconds: false})
            : "";
    }

    date(value) {
        return value ? formatDate(DateTime.fromISO(value)) : "";
    }

    /** Asks the host (client action, front desk) to open a record the profile links to. */
    open(model, id) {
        this.props.onOpenRecord?.(model, id);
    }
}
