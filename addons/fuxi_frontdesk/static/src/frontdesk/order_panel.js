import {Component, useState} from "@odoo/owl";
import {formatCurrency} from "@web/core/currency";
import {_t} from "@web/core/l10n/translation";
import {
    COURSE_ORDER,
    WEIGHT_UOM_LABELS,
    courseLabel,
    lineStatus,
    sameChoices,
} from "../common/frontdesk_utils";

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
export const COMP_REASONS = [
    _t("Regular guest treat"),
    _t("Dish came late"),
    _t("Quality complaint"),
    _t("Birthday gift"),
];

// distinct English terms: core's JS translation of "Ready" would win over ours
const TICKET_STATE_LABELS = {
    new: _t("Sent to kitchen"),
    cooking: _t("Cooking"),
    ready: _t("Ready to serve"),
    served: _t("Served"),
};
export const LINE_STATUS_LABELS = {
    draft: _t("Not sent"),
    held: _t("Held: fire later"),
    waiting: _t("Waiting for the cook"),
    cooking: _t("Cooking"),
    ready: _t("Ready to serve"),
    served: _t("Served"),
    void: _t("Voided"),
};

/**
 * The lines of the open table by course: not sent (stepper, note, hold), sent (the kitchen's
 * progress, served, rush, fire, partial void, comp), voided. A dish tapped again while its
 * first tap is still on its way shows as one line with the summed quantity, as the server
 * will merge it.
 */
export class OrderPanel extends Component {
    static template = "fuxi_frontdesk.OrderPanel";
    static props = {
        order: Object,
        pendingLines: {type: Array, optional: true},
        currencyId: {type: Number, optional: true},
        canOrder: {type: Boolean, optional: true},
        canVoid: {type: Boolean, optional: true},
        canComp: {type: Boolean, optional: true},
        onChangeLine: Function,
        onRemoveLine: Function,
        onVoidLine: Function,
        onCompLine: {type: Function, optional: true},
        onServed: {type: Function, optional: true},
        onRush: {type: Function, optional: true},
        onHold: {type: Function, optional: true},
        onFire: {type: Function, optional: true},
    };
    static defaultProps = {
        pendingLines: [],
        canOrder: true,
        canVoid: true,
        canComp: false,
    };

    setup() {
        this.quickNotes = QUICK_NOTES;
        this.voidReasons = VOID_REASONS;
        this.compReasons = COMP_REASONS;
        this.state = useState({
            selectedId: false,
            voidLineId: false,
            voidReason: "",
            voidQuantity: 1,
            compLineId: false,
            compReason: "",
            compQuantity: 1,
        });
    }

    get lines() {
        const known = new Set(this.props.order.lines.map((line) => line.uid));
        const rows = this.props.order.lines.map((line) => ({...line}));
        for (const pending of this.props.pendingLines) {
            if (known.has(pending.uid)) {
                continue;
            }
            const same =
                pending.mergeable &&
                rows.find(
                    (row) =>
                        ["draft", "pending"].includes(row.state) &&
                        !row.hold &&
                        row.product_id === pending.product_id &&
                        (row.mergeable || row.state === "draft") &&
                        sameChoices(row, pending)
                );
            if (same) {
                same.quantity += pending.quantity;
                same.saving = true;
                continue;
            }
            rows.push({...pending, id: `pending-${pending.uid}`, state: "pending"});
        }
        return rows;
    }

    /** The lines by course, in the order a meal is served; lines of no course last. */
    get courses() {
        const groups = new Map();
        for (const line of this.lines) {
            const course = line.course || "";
            if (!groups.has(course)) {
                groups.set(course, []);
            }
            groups.get(course).push(line);
        }
        const rank = (course) => {
            const index = COURSE_ORDER.indexOf(course);
            return index < 0 ? COURSE_ORDER.length : index;
        };
        return [...groups.entries()]
            .sort((a, b) => rank(a[0]) - rank(b[0]))
            .map(([course, lines]) => ({
                course,
                label: courseLabel(course),
                lines,
                holdable: lines.filter((line) => line.state === "draft" && !line.hold),
                releasable: lines.filter((line) => line.state === "draft" && line.hold),
                fireable: lines.filter((line) => this.status(line) === "held"),
            }));
    }

    get showCourses() {
        return this.lines.some((line) => line.course);
    }

    get unsentCount() {
        return this.lines.filter((line) => ["draft", "pending"].includes(line.state))
            .length;
    }

    get total() {
        return this.lines
            .filter((line) => line.state !== "void" && !line.is_comp)
            .reduce((sum, line) => sum + this.amount(line), 0);
    }

    amount(line) {
        if (line.subtotal !== undefined && !line.saving) {
            return line.subtotal;
        }
        return line.quantity * (line.price_unit || 0);
    }

    /** draft / held / waiting / cooking / ready / served / void (the server's, or derived). */
    status(line) {
        return line.status || lineStatus(line, this.ticketStateKey(line));
    }

    statusLabel(line) {
        return LINE_STATUS_LABELS[this.status(line)] || this.status(line);
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

    /** 大份 · 加辣, 加蛋 · 1.6 斤: what was chosen when the dish was added. */
    details(line) {
        const parts = [];
        if (line.portion) {
            parts.push(line.portion);
        }
        if (line.options?.length) {
            parts.push(line.options.join(", "));
        }
        if (line.weight) {
            const uom = WEIGHT_UOM_LABELS[line.weight_uom] || line.weight_uom || "";
            parts.push(`${line.weight} ${uom}`);
        }
        return parts.join(" · ");
    }

    money(amount) {
        return formatCurrency(amount || 0, this.props.currencyId);
    }

    select(line) {
        this.state.selectedId = this.state.selectedId === line.id ? false : line.id;
    }

    changeQuantity(line, delta) {
        if (line.state !== "draft" || line.saving) {
            return;
        }
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

    // ------------------------------------------------------------- void / comp
    askVoid(line) {
        Object.assign(this.state, {
            voidLineId: line.id,
            voidReason: "",
            voidQuantity: line.quantity,
            compLineId: false,
        });
    }

    stepVoid(line, delta) {
        this.state.voidQuantity = Math.min(
            line.quantity,
            Math.max(1, this.state.voidQuantity + delta)
        );
    }

    confirmVoid() {
        const line = this.lines.find((item) => item.id === this.state.voidLineId);
        const reason = this.state.voidReason.trim();
        if (!line || !reason) {
            return;
        }
        this.state.voidLineId = false;
        this.props.onVoidLine(line, reason, this.state.voidQuantity);
    }

    askComp(line) {
        Object.assign(this.state, {
            compLineId: line.id,
            compReason: "",
            compQuantity: line.quantity,
            voidLineId: false,
        });
    }

    stepComp(line, delta) {
        this.state.compQuantity = Math.min(
            line.quantity,
            Math.max(1, this.state.compQuantity + delta)
        );
    }

    confirmComp() {
        const line = this.lines.find((item) => item.id === this.state.compLineId);
        const reason = this.state.compReason.trim();
        if (!line || !reason || !this.props.onCompLine) {
            return;
        }
        this.state.compLineId = false;
        this.props.onCompLine(line, reason, this.state.compQuantity);
    }

    // ------------------------------------------------------------- pace
    canRush(line) {
        return (
            line.state === "sent" &&
            ["waiting", "cooking"].includes(this.status(line)) &&
            Boolean(this.props.onRush)
        );
    }

    hold(lines, hold) {
        this.props.onHold?.(lines, hold);
    }

    fire(course, lines) {
        this.props.onFire?.(course, lines);
    }
}
