import {Component, useState} from "@odoo/owl";
import {formatCurrency} from "@web/core/currency";
import {_t} from "@web/core/l10n/translation";
import {WEIGHT_UOM_LABELS, entryUnitPrice} from "../common/frontdesk_utils";

function money(amount, currencyId) {
    return formatCurrency(amount || 0, currencyId);
}

/**
 * What a dish needs before it goes on the order: its portion (大份/中份/小份), its options
 * (加辣 free, 加蛋 ¥3), the price of the day for a market-price dish (时价) or the weight of a
 * weighed one (称重, e.g. a live 鲈鱼 of 1.6 斤). The bounds the manager set are checked here
 * for a quick answer; the server checks them again.
 */
export class DishEntryDialog extends Component {
    static template = "fuxi_frontdesk.DishEntryDialog";
    static props = {
        dish: Object,
        currencyId: {type: Number, optional: true},
        onConfirm: Function,
        onCancel: Function,
    };

    setup() {
        const dish = this.props.dish;
        this.state = useState({
            portionId: dish.portions?.length ? dish.portions[0].id : false,
            optionIds: [],
            weight: "",
            price: "",
            quantity: 1,
        });
    }

    get uomLabel() {
        return WEIGHT_UOM_LABELS[this.props.dish.weight_uom] || "";
    }

    get isMarket() {
        return this.props.dish.price_mode === "market";
    }

    get isWeighed() {
        return this.props.dish.price_mode === "weighed";
    }

    toggleOption(option) {
        const ids = this.state.optionIds;
        const index = ids.indexOf(option.id);
        if (index >= 0) {
            ids.splice(index, 1);
        } else {
            ids.push(option.id);
        }
    }

    stepQuantity(delta) {
        this.state.quantity = Math.max(1, Math.min(99, this.state.quantity + delta));
    }

    /** A clear sentence for what is missing or out of the manager's bounds, or "". */
    get problem() {
        const dish = this.props.dish;
        if (this.isMarket) {
            const price = parseFloat(this.state.price);
            if (!(price > 0)) {
                return _t("Enter today's price.");
            }
            if (dish.price_min && price < dish.price_min) {
                return _t("The price must be at least %(min)s.", {
                    min: money(dish.price_min, this.props.currencyId),
                });
            }
            if (dish.price_max && price > dish.price_max) {
                return _t("The price must be at most %(max)s.", {
                    max: money(dish.price_max, this.props.currencyId),
                });
            }
        }
        if (this.isWeighed) {
            const weight = parseFloat(this.state.weight);
            if (!(weight > 0)) {
                return _t("Enter the weight.");
            }
            if (dish.weight_min && weight < dish.weight_min) {
                return _t("The weight must be at least %(min)s %(uom)s.", {
                    min: dish.weight_min,
                    uom: this.uomLabel,
                });
            }
            if (dish.weight_max && weight > dish.weight_max) {
                return _t("The weight must be at most %(max)s %(uom)s.", {
                    max: dish.weight_max,
                    uom: this.uomLabel,
                });
            }
        }
        return "";
    }

    get unitPrice() {
        return entryUnitPrice(this.props.dish, {
            portionId: this.state.portionId,
            optionIds: this.state.optionIds,
            weight: this.state.weight,
            price: this.state.price,
        });
    }

    money(amount) {
        return money(amount, this.props.currencyId);
    }

    confirm() {
        if (this.problem) {
            return;
        }
        const dish = this.props.dish;
        const values = {
            quantity: this.state.quantity,
            portion_id: this.state.portionId || false,
            option_ids: [...this.state.optionIds],
            unitPrice: this.unitPrice,
            portion: (dish.portions || []).find((p) => p.id === this.state.portionId)
                ?.name,
            options: (dish.options || [])
                .filter((option) => this.state.optionIds.includes(option.id))
                .map((option) => option.name),
        };
        if (this.isMarket) {
            values.price = parseFloat(this.state.price);
        }
        if (this.isWeighed) {
            values.weight = parseFloat(this.state.weight);
            values.quantity = 1; // one fish of 1.6 斤: the weight is the amount
        }
        this.props.onConfirm(values);
    }
}

/**
 * Pick tables: one free table to move the order to (转台), or the occupied tables whose
 * orders join this one (并台).
 */
export class TablePickerDialog extends Component {
    static template = "fuxi_frontdesk.TablePickerDialog";
    static props = {
        mode: String, // "move" or "merge"
        rooms: Array,
        currentRoomId: Number,
        currentOrderId: Number,
        currencyId: {type: Number, optional: true},
        onConfirm: Function,
        onCancel: Function,
    };

    setup() {
        this.state = useState({selected: []});
    }

    get title() {
        return this.props.mode === "move"
            ? _t("Move the order to a free table")
            : _t("Merge other tables into this one");
    }

    /** Move: free (or only reserved) tables. Merge: each other open bill, table by table. */
    get choices() {
        if (this.props.mode === "move") {
            return this.props.rooms
                .filter((room) => !room.order && room.id !== this.props.currentRoomId)
                .map((room) => ({key: room.id, room, label: room.name}));
        }
        const choices = [];
        for (const room of this.props.rooms) {
            const bills = room.bills?.length
                ? room.bills
                : room.order
                  ? [room.order]
                  : [];
            for (const bill of bills) {
                if (bill.id !== this.props.currentOrderId) {
                    choices.push({
                        key: bill.id,
                        room,
                        label: room.name,
                        bill,
                    });
                }
            }
        }
        return choices;
    }

    isSelected(choice) {
        return this.state.selected.includes(choice.key);
    }

    pick(choice) {
        if (this.props.mode === "move") {
            this.state.selected = [choice.key];
            return;
        }
        const index = this.state.selected.indexOf(choice.key);
        if (index >= 0) {
            this.state.selected.splice(index, 1);
        } else {
            this.state.selected.push(choice.key);
        }
    }

    money(amount) {
        return money(amount, this.props.currencyId);
    }

    confirm() {
        if (this.state.selected.length) {
            this.props.onConfirm([...this.state.selected]);
        }
    }
}

/** Split the bill: how many of each line go to a second bill on the same table. */
export class SplitDialog extends Component {
    static template = "fuxi_frontdesk.SplitDialog";
    static props = {
        lines: Array,
        currencyId: {type: Number, optional: true},
        onConfirm: Function,
        onCancel: Function,
    };

    setup() {
        this.state = useState({quantities: {}});
    }

    get splittable() {
        return this.props.lines.filter((line) =>
            ["draft", "sent"].includes(line.state)
        );
    }

    quantity(line) {
        return this.state.quantities[line.id] || 0;
    }

    step(line, delta) {
        const quantity = Math.max(
            0,
            Math.min(line.quantity, this.quantity(line) + delta)
        );
        this.state.quantities[line.id] = quantity;
    }

    all(line) {
        this.state.quantities[line.id] = this.quantity(line) ? 0 : line.quantity;
    }

    get chosen() {
        return this.splittable
            .filter((line) => this.quantity(line) > 0)
            .map((line) => ({line_id: line.id, quantity: this.quantity(line)}));
    }

    get amount() {
        return this.splittable.reduce(
            (sum, line) =>
                sum + (line.is_comp ? 0 : this.quantity(line) * line.price_unit),
            0
        );
    }

    money(amount) {
        return money(amount, this.props.currencyId);
    }

    confirm() {
        if (this.chosen.length) {
            this.props.onConfirm(this.chosen);
        }
    }
}

/** A reason from a quick list or typed: freeing a table whose dishes were all voided. */
export class ReasonDialog extends Component {
    static template = "fuxi_frontdesk.ReasonDialog";
    static props = {
        title: String,
        reasons: Array,
        confirmLabel: String,
        onConfirm: Function,
        onCancel: Function,
    };

    setup() {
        this.state = useState({reason: ""});
    }

    confirm() {
        const reason = this.state.reason.trim();
        if (reason) {
            this.props.onConfirm(reason);
        }
    }
}
