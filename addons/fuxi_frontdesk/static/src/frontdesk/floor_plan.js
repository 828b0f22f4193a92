import {Component} from "@odoo/owl";
import {formatCurrency} from "@web/core/currency";
import {_t} from "@web/core/l10n/translation";
import {formatClock, formatElapsed, minutesSince} from "../common/frontdesk_utils";

export const ROOM_STATUS_LABELS = {
    free: _t("Free"),
    reserved: _t("Reserved soon"),
    occupied: _t("Occupied"),
    waiting: _t("Waiting for food"),
};

/** Rooms and tables by area, with what is happening at each. */
export class FloorPlan extends Component {
    static template = "fuxi_frontdesk.FloorPlan";
    static props = {
        rooms: Array,
        reservations: {type: Array, optional: true},
        currencyId: {type: Number, optional: true},
        now: {type: Object, optional: true},
        onSelect: Function,
    };

    get areas() {
        const areas = new Map();
        for (const room of this.props.rooms) {
            const area =
                room.area || (room.kind === "room" ? _t("Private rooms") : _t("Hall"));
            if (!areas.has(area)) {
                areas.set(area, []);
            }
            areas.get(area).push(room);
        }
        return [...areas.entries()].map(([name, rooms]) => ({name, rooms}));
    }

    get counts() {
        const counts = {free: 0, reserved: 0, occupied: 0, waiting: 0};
        for (const room of this.props.rooms) {
            counts[room.status]++;
        }
        return counts;
    }

    statusLabel(status) {
        return ROOM_STATUS_LABELS[status] || status;
    }

    elapsed(room) {
        return formatElapsed(minutesSince(room.order.opened_at, this.props.now));
    }

    money(amount) {
        return formatCurrency(amount || 0, this.props.currencyId);
    }

    time(value) {
        return formatClock(value);
    }
}
