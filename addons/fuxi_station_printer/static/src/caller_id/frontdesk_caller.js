import {_t} from "@web/core/l10n/translation";
import {patch} from "@web/core/utils/patch";
import {FrontDesk} from "@fuxi_frontdesk/frontdesk/frontdesk";

/** What the front desk shows of a caller: name, class, VIP. */
export function callerLabel(profile) {
    const parts = [profile.name];
    if (profile.customer_class?.name) {
        parts.push(profile.customer_class.name);
    }
    if (profile.is_vip) {
        parts.push("VIP");
    }
    return parts.join(" · ");
}

/** Which table the screen is on: an open order, or a table being opened. */
function tableKey(state) {
    if (state.view === "order" && state.order) {
        return `order:${state.order.id}`;
    }
    return state.opening ? `opening:${state.opening.room?.id}` : "";
}

/**
 * A caller ID is not a guest at the table: the station bridge's call (source "phone") while
 * an order is open, or while a table is being opened, only shows who calls and offers to
 * make them the table's guest; a card swipe still takes the guest at once. On the floor
 * plan the caller shows as for a swipe (nothing is assigned there).
 */
patch(FrontDesk.prototype, {
    async identifyGuest(partnerId, options = {}) {
        const where = tableKey(this.state);
        if (options.source !== "phone" || !where) {
            return super.identifyGuest(partnerId, options);
        }
        const profile =
            options.profile?.id === partnerId
                ? options.profile
                : await this.fuxiGuest.loadProfile(partnerId);
        const table =
            this.state.order?.room?.name || this.state.opening?.room?.name || "";
        const close = this.notification.add(callerLabel(profile), {
            title: _t("Phone call from a guest"),
            type: "info",
            sticky: true,
            className: "o_fuxi_caller_notification",
            buttons: [
                {
                    name: table
                        ? _t("Make the caller the guest of %s", table)
                        : _t("Make the caller this table's guest"),
                    primary: false,
                    onClick: async () => {
                        close();
                        if (tableKey(this.state) !== where) {
                            // The screen moved to another table since the call
                            this.notification.add(
                                _t(
                                    "Open %s again to make the caller its guest.",
                                    table
                                ),
                                {type: "warning"}
                            );
                            return;
                        }
                        await super.identifyGuest(partnerId, {
                            ...options,
                            profile,
                            source: "phone_confirmed",
                        });
                    },
                },
            ],
        });
        return true;
    },
});
