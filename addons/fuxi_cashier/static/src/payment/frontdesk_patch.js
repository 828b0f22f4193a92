import {onWillStart} from "@odoo/owl";
import {_t} from "@web/core/l10n/translation";
import {user} from "@web/core/user";
import {patch} from "@web/core/utils/patch";
import {FrontDesk} from "@fuxi_frontdesk/frontdesk/frontdesk";
import {DayDialog} from "./day_dialog";
import {PaymentPanel} from "./payment_panel";

export const CASHIER_GROUP = "fuxi_cashier.group_fuxi_cashier";
export const CASHIER_MANAGER_GROUP = "fuxi_cashier.group_fuxi_cashier_manager";

FrontDesk.components = {...FrontDesk.components, DayDialog, PaymentPanel};

/**
 * At the front desk a cashier's *Check out* opens the payment panel; a waiter (no Cashier
 * right) checks out as before. Whether the user takes money on an order is the order's own
 * `cashier.can_pay` (fuxi_cashier adds it to the order payload); the floor's *Daily
 * takings* button follows the user's groups.
 */
patch(FrontDesk.prototype, {
    setup() {
        super.setup(...arguments);
        this.state.cashierOpen = false;
        this.state.cashierDay = false;
        this.cashierRights = {cashier: false, manager: false};
        onWillStart(async () => {
            const [cashier, manager] = await Promise.all([
                user.hasGroup(CASHIER_GROUP),
                user.hasGroup(CASHIER_MANAGER_GROUP),
            ]);
            this.cashierRights = {cashier, manager};
        });
    },

    askCheckout() {
        super.askCheckout(...arguments);
        // the front desk's own checks passed (nothing left to send): the cashier takes over
        if (this.state.checkout && this.state.order?.cashier?.can_pay) {
            this.state.checkout = false;
            this.state.moreOpen = false;
            this.state.cashierOpen = true;
        }
    },

    closeCashier() {
        this.state.cashierOpen = false;
        this.refreshOrder();
    },

    cashierClosed() {
        this.state.cashierOpen = false;
        this.notification.add(
            _t("Bill closed: the table is free; the visit is written in a moment."),
            {
                type: "success",
            }
        );
        this.backToFloor();
    },

    cashierMemberChanged() {
        // the member may be the order's guest: the guest panel follows
        this.refreshOrder().then(() => this.loadProfile());
    },

    setOrder(order) {
        // the panel closed this bill: it stays on screen (change, receipt) until the cashier
        // goes back to the floor, instead of "closed on another screen"
        if (this.state.cashierOpen && this.state.order?.id === order.id) {
            this.state.order = order;
            return;
        }
        return super.setOrder(...arguments);
    },

    openReceipt(url) {
        window.open(url, "_blank");
    },

    backToFloor() {
        this.state.cashierOpen = false;
        return super.backToFloor(...arguments);
    },
});
