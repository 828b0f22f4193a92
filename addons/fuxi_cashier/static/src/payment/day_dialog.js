import {Component, onWillStart, useState} from "@odoo/owl";
import {formatCurrency} from "@web/core/currency";
import {useService} from "@web/core/utils/hooks";
import {KEYPAD_KEYS, parseEntry, pressKey} from "./cashier_utils";
import {errorMessage} from "./error_message";

const ORDER_MODEL = "fuxi.frontdesk.order";

/**
 * 收市日结 at the cash desk: the day's figures as the server adds them up (bills, guests,
 * gross, discounts by rule, net, payments by method, top-ups, stored value and points, voids,
 * cash expected against counted), the cashier's own shift closed with the cash counted, the
 * daily close PDF, and for a manager the close of the day.
 */
export class DayDialog extends Component {
    static template = "fuxi_cashier.DayDialog";
    static props = {
        currencyId: {type: Number, optional: true},
        canManage: {type: Boolean, optional: true},
        onReport: Function,
        onCancel: Function,
    };

    setup() {
        this.orm = useService("orm");
        this.keypadKeys = KEYPAD_KEYS;
        this.state = useState({
            day: null,
            reportUrl: "",
            shift: false,
            entry: "",
            error: "",
            busy: false,
        });
        onWillStart(() => this.load());
    }

    async load() {
        const [result, shift] = await Promise.all([
            this.orm.call(ORDER_MODEL, "cashier_day", []),
            this.orm.call(ORDER_MODEL, "cashier_shift", []),
        ]);
        this.setDay(result);
        this.state.shift = shift;
    }

    setDay(result) {
        this.state.day = result.day;
        this.state.reportUrl = result.report_url;
    }

    money(amount) {
        return formatCurrency(amount || 0, this.props.currencyId);
    }

    get counted() {
        return parseEntry(this.state.entry);
    }

    press(key) {
        this.state.entry = pressKey(this.state.entry, key);
    }

    async run(method, args) {
        this.state.busy = true;
        this.state.error = "";
        try {
            return await this.orm.call(ORDER_MODEL, method, args);
        } catch (error) {
            this.state.error = errorMessage(error);
            return null;
        } finally {
            this.state.busy = false;
        }
    }

    async closeShift() {
        const shift = await this.run("cashier_shift_close", [
            parseEntry(this.state.entry),
        ]);
        if (shift) {
            this.state.shift = shift;
            this.state.entry = "";
            this.setDay(await this.orm.call(ORDER_MODEL, "cashier_day", []));
        }
    }

    async closeDay() {
        const result = await this.run("cashier_day_close", []);
        if (result) {
            this.setDay(result);
        }
    }
}
