import {Component, useState} from "@odoo/owl";
import {formatCurrency} from "@web/core/currency";
import {_t} from "@web/core/l10n/translation";

export const QUICK_NOTES = [
    _t("Less spicy"),
    _t("Extra spicy"),
    _t("No coriander"),
    _t("No scallion"),
    _t("No MSG"),
    _t("Takeaway"),
];
export const VOID_REASONS = [
    _t("Guest changed mind"),
    _t("Wrong dish entered"),
    _t("Sold out"),
    _t("Took too long"),
];

// distinct English terms: core's JS translation of "Ready" would win over ours
const TICKET_STATE_LABELS = {
    new: _t("Sent to kitchen"),
    cooking: _t("Cooking"),
    ready: _t("Ready to serve"),
    served: _t("Served"),
};

/** The lines of the open table: not sent (editable), sent (with the kitchen's progress), voided. */
export class OrderPanel extends Component {
    static template = "fuxi_frontdesk.OrderPanel";
    static props = {
        order: Object,
        pendingLines: {type: Array, optional: true},
        currencyId: {type: Number, optional: true},
        canOrder: {type: Boolean, optional: true},
        onChangeLine: Function,
        onRemoveLine: Function,
        onVoidLine: Function,
    };
    static defaultProps = {pendingLines: [], canOrder: true};

    setup() {
        this.quickNotes = QUICK_NOTES;
        this.voidReasons = VOID_REASONS;
        this.state = useState({selectedId: false, voidLineId: false, voidReason: ""});
    }

    get lines() {
        const known = new Set(this.props.order.lines.map((line) => line.uid));
        const pending = this.props.pendingLines
            .filter((line) => !known.has(line.uid))
            .map((line) => ({...line, id: `pending-${line.uid}`, state: "pending"}));
        return [...this.props.order.lines, ...pending];
    }

    get unsentCount() {
        return this.lines.filter((line) => ["draft", "pending"].includes(line.state))
            .length;
    }

    get total() {
        return this.lines
            .filter((line) => line.state !== "void")
            .reduce((sum, line) => sum + line.quantity * line.price_unit, 0);
    }

    kitchenState(line) {
        return line.kitchen_done ? TICKET_STATE_LABELS.ready : this.ticketState(line);
    }

    ticketState(line) {
        const ticket = this.props.order.tickets.find((t) => t.id === line.ticket_id);
        if (!ticket) {
            return "";
        }
        return TICKET_STATE_LABELS[ticket.state] || ticket.state;
    }

    ticketStateKey(line) {
        return (
            this.props.order.tickets.find((t) => t.id === line.ticket_id)?.state || ""
        );
    }

    money(amount) {
        return formatCurrency(amount || 0, this.props.currencyId);
    }

    select(line) {
        this.state.selectedId = this.state.selectedId === line.id ? false : line.id;
    }

    changeQuantity(line, delta) {
        const quantity = line.quantity + delta;
        if (quantity <= 0) {
            this.props.onRemoveLine(line);
        } else {
            this.props.onChangeLine(line, {quantity});
        }
    }

    addNote(line, note) {
        const notes = (line.note || "").split(/[,，、]\s*/).filter(Boolean);
        if (!notes.includes(note)) {
            notes.push(note);
        }
        this.props.onChangeLine(line, {note: notes.join("、")});
    }

    onNoteChange(line, ev) {
        this.props.onChangeLine(line, {note: ev.target.value});
    }

    askVoid(line) {
        this.state.voidLineId = line.id;
        this.state.voidReason = "";
    }

    confirmVoid() {
        const line = this.lines.find((item) => item.id === this.state.voidLineId);
        const reason = this.state.voidReason.trim();
        if (!line || !reason) {
            return;
        }
        this.state.voidLineId = false;
        this.props.onVoidLine(line, reason);
    }
}
