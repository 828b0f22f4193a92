import {Component, onMounted, onWillStart, onWillUnmount, useState} from "@odoo/owl";
import {_t} from "@web/core/l10n/translation";
import {registry} from "@web/core/registry";
import {browser} from "@web/core/browser/browser";
import {useService} from "@web/core/utils/hooks";
import {formatClock, formatElapsed, minutesSince} from "../common/frontdesk_utils";

const TICKET_MODEL = "fuxi.kitchen.ticket";
// distinct English terms: Odoo's JS translations are one dictionary, and core's "New" or
// "Ready" would win over ours
export const KITCHEN_COLUMNS = [
    {state: "new", label: _t("New tickets")},
    {state: "cooking", label: _t("Cooking")},
    {state: "ready", label: _t("Ready to serve")},
    {state: "served", label: _t("Served")},
];

/** One ticket: table, time since sent (coloured after the thresholds), lines and notes. */
export class KitchenTicket extends Component {
    static template = "fuxi_frontdesk.KitchenTicket";
    static props = {
        ticket: Object,
        now: Object,
        warnMinutes: Number,
        lateMinutes: Number,
        stationLabels: {type: Object, optional: true},
        onBump: Function,
        onBumpLine: Function,
    };

    get minutes() {
        return minutesSince(this.props.ticket.sent_at, this.props.now);
    }

    get elapsed() {
        return formatElapsed(this.minutes);
    }

    get urgency() {
        if (["ready", "served"].includes(this.props.ticket.state)) {
            return "done";
        }
        if (this.minutes >= this.props.lateMinutes) {
            return "late";
        }
        return this.minutes >= this.props.warnMinutes ? "warn" : "ok";
    }

    get sentTime() {
        return formatClock(this.props.ticket.sent_at);
    }

    get stationLabel() {
        return (
            this.props.stationLabels?.[this.props.ticket.station] ||
            this.props.ticket.station
        );
    }
}

/**
 * 厨房: the kitchen display. Tickets arrive over the bus without reloading; a tap bumps a
 * ticket one step (new → cooking → ready → served) or marks a line ready; "recall" undoes
 * the last bump. A screen can show one station only (the stations and their names come from
 * the server). After a lost connection it reloads what it missed: the bus says "reconnect"
 * after a dropped websocket, "connect" when the browser comes back online.
 */
export class KitchenDisplay extends Component {
    static template = "fuxi_frontdesk.KitchenDisplay";
    static components = {KitchenTicket};
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.bus = useService("bus_service");
        this.notification = useService("notification");
        this.action = useService("action");
        this.columns = KITCHEN_COLUMNS;
        this.state = useState({
            stations: [],
            tickets: {},
            station: browser.localStorage.getItem("fuxi_kitchen_station") || "",
            warnMinutes: 10,
            lateMinutes: 20,
            now: luxon.DateTime.now(),
            connected: true,
            showServed: false,
        });
        onWillStart(() => this.load());
        this.onTicket = (payload) => this.receive(payload);
        this.onDisconnect = () => (this.state.connected = false);
        this.onReconnect = () => {
            this.state.connected = true;
            this.load(); // catch up on what happened while offline
        };
        this.onConnect = () => {
            // the first "connect" is the start; later ones follow an offline browser
            if (!this.state.connected) {
                this.onReconnect();
            }
        };
        onMounted(() => {
            this.bus.subscribe("fuxi_kitchen/ticket", this.onTicket);
            this.bus.addEventListener("disconnect", this.onDisconnect);
            this.bus.addEventListener("reconnecting", this.onDisconnect);
            this.bus.addEventListener("reconnect", this.onReconnect);
            this.bus.addEventListener("connect", this.onConnect);
            this.bus.start();
            this.clock = setInterval(
                () => (this.state.now = luxon.DateTime.now()),
                15000
            );
        });
        onWillUnmount(() => {
            this.bus.unsubscribe("fuxi_kitchen/ticket", this.onTicket);
            this.bus.removeEventListener("disconnect", this.onDisconnect);
            this.bus.removeEventListener("reconnecting", this.onDisconnect);
            this.bus.removeEventListener("reconnect", this.onReconnect);
            this.bus.removeEventListener("connect", this.onConnect);
            clearInterval(this.clock);
        });
    }

    async load() {
        const data = await this.orm.call(TICKET_MODEL, "kitchen_load", [
            this.state.station || false,
        ]);
        const tickets = {};
        for (const ticket of data.tickets) {
            tickets[ticket.id] = ticket;
        }
        this.state.tickets = tickets;
        this.state.stations = data.stations || [];
        this.state.warnMinutes = data.warn_minutes;
        this.state.lateMinutes = data.late_minutes;
    }

    receive(ticket) {
        if (this.state.station && ticket.station !== this.state.station) {
            return;
        }
        const known = this.state.tickets[ticket.id];
        if (!known && ticket.state === "new") {
            this.beep();
        }
        this.state.tickets[ticket.id] = ticket;
    }

    beep() {
        try {
            const context = new (window.AudioContext || window.webkitAudioContext)();
            const oscillator = context.createOscillator();
            oscillator.connect(context.destination);
            oscillator.frequency.value = 880;
            oscillator.start();
            oscillator.stop(context.currentTime + 0.15);
        } catch {
            // no sound on this screen
        }
    }

    ticketsOf(state) {
        return Object.values(this.state.tickets)
            .filter((ticket) => ticket.state === state)
            .sort((a, b) =>
                a.sent_at < b.sent_at ? -1 : a.sent_at > b.sent_at ? 1 : a.id - b.id
            );
    }

    get stations() {
        return this.state.stations.map(({code, name}) => ({key: code, label: name}));
    }

    get stationLabels() {
        return Object.fromEntries(
            this.state.stations.map(({code, name}) => [code, name])
        );
    }

    get visibleColumns() {
        return this.state.showServed
            ? this.columns
            : this.columns.filter((c) => c.state !== "served");
    }

    async setStation(station) {
        this.state.station = station;
        browser.localStorage.setItem("fuxi_kitchen_station", station);
        await this.load();
    }

    async bump(ticket) {
        try {
            const [updated] = await this.orm.call(TICKET_MODEL, "action_bump", [
                [ticket.id],
            ]);
            this.state.tickets[updated.id] = updated;
        } catch (error) {
            await this.load();
            throw error;
        }
    }

    async bumpLine(ticket, line) {
        const updated = await this.orm.call(TICKET_MODEL, "action_bump_line", [
            [ticket.id],
            line.id,
        ]);
        this.state.tickets[updated.id] = updated;
    }

    async recall() {
        const updated = await this.orm.call(TICKET_MODEL, "action_recall", [
            this.state.station || false,
        ]);
        this.state.tickets[updated.id] = updated;
        const column = KITCHEN_COLUMNS.find((item) => item.state === updated.state);
        this.notification.add(
            _t("%s is back in “%s”.", updated.name, column?.label || updated.state),
            {
                type: "info",
            }
        );
    }

    leave() {
        this.action.doAction("fuxi_frontdesk.action_fuxi_kitchen_ticket", {
            clearBreadcrumbs: true,
        });
    }
}

registry.category("actions").add("fuxi_kitchen_display", KitchenDisplay);
