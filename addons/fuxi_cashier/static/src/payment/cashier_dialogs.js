import {Component, useState} from "@odoo/owl";
import {formatCurrency} from "@web/core/currency";
import {_t} from "@web/core/l10n/translation";
import {makeUid} from "@fuxi_frontdesk/common/frontdesk_utils";
import {KEYPAD_KEYS, parseEntry, pressKey} from "./cashier_utils";
import {errorMessage} from "./error_message";

export const DISCOUNT_REASONS = [
    _t("Manager's guest"),
    _t("Apology for the service"),
    _t("Staff meal"),
    _t("Promotion of the day"),
];
export const DISCOUNT_PERCENTS = [5, 10, 12, 15, 20];
export const TOPUP_AMOUNTS = [500, 1000, 2000, 5000];

/** A manual discount on the whole bill: a percentage and the reason, both required. */
export class DiscountDialog extends Component {
    static template = "fuxi_cashier.DiscountDialog";
    static props = {
        percent: {type: Number, optional: true},
        reason: {type: String, optional: true},
        onConfirm: Function,
        onCancel: Function,
    };

    setup() {
        this.reasons = DISCOUNT_REASONS;
        this.percents = DISCOUNT_PERCENTS;
        this.keypadKeys = KEYPAD_KEYS;
        this.state = useState({
            entry: this.props.percent ? String(this.props.percent) : "",
            reason: this.props.reason || "",
        });
    }

    get percent() {
        return parseEntry(this.state.entry);
    }

    get problem() {
        if (this.percent < 0 || this.percent > 100) {
            return _t("A discount is between 0 and 100 %.");
        }
        if (this.percent > 0 && !this.state.reason.trim()) {
            return _t("Say why the bill is discounted.");
        }
        return "";
    }

    press(key) {
        this.state.entry = pressKey(this.state.entry, key, 1);
    }

    setEntry(value) {
        this.state.entry = `${value}`;
    }

    confirm() {
        if (!this.problem) {
            this.props.onConfirm(this.percent, this.state.reason.trim());
        }
    }
}

/**
 * 储值充值: money onto the member's card, paid by a method (cash, a wallet…). The bonus
 * (充1000送100) is the server's rule and shows in the answer. One client id per dialog: a
 * confirm tapped twice, or repeated after a lost answer, tops up once.
 */
export class TopUpDialog extends Component {
    static template = "fuxi_cashier.TopUpDialog";
    static props = {
        member: Object,
        methods: Array,
        currencyId: {type: Number, optional: true},
        onConfirm: Function,
        onCancel: Function,
    };

    setup() {
        this.amounts = TOPUP_AMOUNTS;
        this.keypadKeys = KEYPAD_KEYS;
        const cash = this.props.methods.find((method) => method.kind === "cash");
        this.state = useState({
            methodId: (cash || this.props.methods[0])?.id || false,
            entry: "",
            reference: "",
            busy: false,
            error: "",
        });
        this.clientId = makeUid();
    }

    get method() {
        return this.props.methods.find((method) => method.id === this.state.methodId);
    }

    get amount() {
        return parseEntry(this.state.entry);
    }

    get problem() {
        if (!this.method) {
            return _t("Pick how the guest pays.");
        }
        if (!(this.amount > 0)) {
            return _t("Enter an amount above zero.");
        }
        if (this.method.needs_reference && !this.state.reference.trim()) {
            return _t("Enter the transaction number of the payment.");
        }
        return "";
    }

    money(amount) {
        return formatCurrency(amount || 0, this.props.currencyId);
    }

    press(key) {
        this.state.entry = pressKey(this.state.entry, key);
    }

    setEntry(value) {
        this.state.entry = `${value}`;
    }

    async confirm() {
        if (this.problem || this.state.busy) {
            return;
        }
        this.state.busy = true;
        this.state.error = "";
        try {
            await this.props.onConfirm({
                methodId: this.state.methodId,
                amount: this.amount,
                reference: this.state.reference.trim(),
                clientId: this.clientId,
            });
        } catch (error) {
            this.state.error = errorMessage(error);
        } finally {
            this.state.busy = false;
        }
    }
}
