import {
    Component,
    onMounted,
    onPatched,
    onWillStart,
    onWillUnmount,
    useRef,
    useState,
} from "@odoo/owl";
import {_t} from "@web/core/l10n/translation";
import {registry} from "@web/core/registry";
import {browser} from "@web/core/browser/browser";
import {useService} from "@web/core/utils/hooks";
import {formatClock, formatElapsed, minutesSince} from "../common/frontdesk_utils";
import {kitchenSound, unlockSound} from "./kitchen_sound";

const TICKET_MODEL = "fuxi.kitchen.ticket";
const STORAGE = {
    station: "fuxi_kitchen_station",
    zoom: "fuxi_kitchen_zoom",
    allDay: "fuxi_kitchen_all_day",
    cleared: "fuxi_kitchen_cleared",
};
/** Text sizes the cook can pick (× the screen's base size, itself larger than Odoo's). */
export const ZOOM_STEPS = [0.8, 0.9, 1, 1.15, 1.3, 1.5, 1.75, 2];
/** How long a new ticket or a fired course stays highlighted as new. */
const FRESH_MS = 90 * 1000;
const ACTIVE_STATES = ["new", "cooking"];
// the symbols a Chinese kitchen reads on a scale, whatever the cook's language
const WEIGHT_SYMBOLS = {jin: "斤", kg: "kg"};
// distinct English terms: Odoo's JS translations are one dictionary, and core's "New",
// "Ready" or "Cancelled" would win over ours
export const KITCHEN_STATES = {
    new: _t("New tickets"),
    cooking: _t("Cooking"),
    ready: _t("Ready to serve"),
    served: _t("Served"),
};

function readStorage(key, fallback) {
    try {
        const value = browser.localStorage.getItem(key);
        return value === null ? fallback : value;
    } catch {
        return fallback;
    }
}

function writeStorage(key, value) {
    try {
        browser.localStorage.setItem(key, value);
    } catch {
        // storage full or disabled: the setting lasts for this page only
    }
}

/** "cancel" or "checkout" when the ticket was closed by the floor, else "". */
export function closedMark(ticket) {
    if (ticket.cancelled || ticket.state === "cancel") {
        return "cancel";
    }
    if (
        ticket.checked_out ||
        (ticket.order_open === false &&
            ["new", "cooking", "ready"].includes(ticket.state))
    ) {
        return "checkout";
    }
    return "";
}

/** When the ticket's work started: sent, or fired later for a held course. */
export function workStart(ticket) {
    const {sent_at: sent, fired_at: fired} = ticket;
    return fired && (!sent || fired > sent) ? fired : sent;
}

/**
 * Order of the grid: rushed tickets first, tickets whose lines are all held last, and by
 * age within each (the oldest first: top left).
 */
export function compareTickets(a, b) {
    const rank = (ticket) =>
        ticket.rushed && !closedMark(ticket) ? 0 : ticket.held ? 2 : 1;
    const start = (ticket) => workStart(ticket) || "";
    return (
        rank(a) - rank(b) ||
        (start(a) < start(b) ? -1 : start(a) > start(b) ? 1 : 0) ||
        a.id - b.id
    );
}

/** One ticket: table, time since sent (coloured after the thresholds), lines and notes. */
export class KitchenTicket extends Component {
    static template = "fuxi_frontdesk.KitchenTicket";
    static props = {
        ticket: Object,
        now: Object,
        warnMinutes: Number,
        lateMinutes: Number,
        stationLabels: {type: Object, optional: true},
        fresh: {type: Object, optional: true},
        onBump: Function,
        onBumpLine: Function,
        onClear: {type: Function, optional: true},
    };

    get minutes() {
        return minutesSince(workStart(this.props.ticket), this.props.now);
    }

    get elapsed() {
        return formatElapsed(this.minutes);
    }

    get closed() {
        return closedMark(this.props.ticket);
    }

    get closedLabel() {
        return this.closed === "cancel"
            ? _t("Ticket cancelled")
            : _t("Table checked out");
    }

    get urgency() {
        if (this.closed) {
            return "closed";
        }
        if (["ready", "served"].includes(this.props.ticket.state)) {
            return "done";
        }
        if (this.props.ticket.held) {
            return "held";
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

    get rushLabel() {
        return _t("Rushed ×%(count)s", {count: this.props.ticket.rush_count || 1});
    }

    get freshLabel() {
        const kind = this.props.fresh?.kind;
        if (kind === "fired") {
            return _t("Fired now");
        }
        if (kind === "void") {
            return _t("Changed by the floor");
        }
        return kind ? _t("Just in") : "";
    }

    isFreshLine(line) {
        return Boolean(this.props.fresh?.lineIds?.includes(line.id));
    }

    /** What was chosen with the dish: portion, options, weight (e.g. "大份 · 加辣 · 1.6 斤"). */
    lineDetails(line) {
        const weight = line.weight
            ? `${line.weight} ${WEIGHT_SYMBOLS[line.weight_uom] || line.weight_uom || ""}`.trim()
            : "";
        return [line.portion, ...(line.options || []), weight]
            .filter(Boolean)
            .join(" · ");
    }

    voidLabel(line) {
        return _t("Void %(quantity)s", {quantity: line.quantity});
    }

    lineClass(line) {
        return {
            o_fuxi_line_void: line.void,
            o_fuxi_line_done: line.done && !line.void,
            o_fuxi_line_held: line.held && !line.void,
            o_fuxi_line_rushed: line.rushed && !line.void,
            o_fuxi_line_fresh: this.isFreshLine(line),
        };
    }

    onHeadClick() {
        if (!this.closed) {
            this.props.onBump(this.props.ticket);
        }
    }

    onLineClick(line) {
        if (!line.void && !line.held && !this.closed) {
            this.props.onBumpLine(this.props.ticket, line);
        }
    }
}

/** The all-day count: how many of each dish the station still has to make. */
export class KitchenAllDay extends Component {
    static template = "fuxi_frontdesk.KitchenAllDay";
    static props = {items: Array};
}

/**
 * 厨房: the kitchen display for the pass. The tickets in progress fill a grid by age (the
 * oldest top left, rushed ones first); a ticket keeps its place when it goes from new to
 * cooking, and leaves the grid for the ready rail when it is done, so the grid only holds
 * work to do and the newest of it stays on screen (a bar says how many are below when it
 * does not). Tickets arrive over the bus without reloading; a tap bumps a ticket one step
 * or marks a line ready; "recall" undoes the last bump. A screen can show one station (its
 * all-day count then is that station's), and a text size, remembered by the browser. After
 * a lost connection it reloads what it missed: the bus says "reconnect" after a dropped
 * websocket, "connect" when the browser comes back online.
 */
export class KitchenDisplay extends Component {
    static template = "fuxi_frontdesk.KitchenDisplay";
    static components = {KitchenTicket, KitchenAllDay};
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.bus = useService("bus_service");
        this.notification = useService("notification");
        this.action = useService("action");
        this.gridRef = useRef("grid");
        const zoom = Number(readStorage(STORAGE.zoom, "1"));
        let cleared = [];
        try {
            cleared = JSON.parse(readStorage(STORAGE.cleared, "[]"));
        } catch {
            cleared = [];
        }
        this.state = useState({
            stations: [],
            tickets: {},
            station: readStorage(STORAGE.station, ""),
            warnMinutes: 10,
            lateMinutes: 20,
            now: luxon.DateTime.now(),
            connected: true,
            showServed: false,
            showAllDay: readStorage(STORAGE.allDay, "1") === "1",
            zoom: ZOOM_STEPS.includes(zoom) ? zoom : 1,
            allDay: [],
            fresh: {},
            cleared: Array.isArray(cleared) ? cleared : [],
            below: 0,
        });
        // the bus delivers notifications in the order of their ids: the highest one in the
        // last load or received since is the mark below which everything is old news
        this.lastBusId = 0;
        this.loading = null;
        this.receivedWhileLoading = [];
        onWillStart(() => this.load());
        this.onTicket = (payload, meta) => this.receive(payload, meta);
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
        this.onResize = () => this.measureBelow();
        onMounted(() => {
            this.bus.subscribe("fuxi_kitchen/ticket", this.onTicket);
            this.bus.addEventListener("disconnect", this.onDisconnect);
            this.bus.addEventListener("reconnecting", this.onDisconnect);
            this.bus.addEventListener("reconnect", this.onReconnect);
            this.bus.addEventListener("connect", this.onConnect);
            this.bus.start();
            this.clock = setInterval(() => this.tick(), 15000);
            window.addEventListener("resize", this.onResize);
            this.measureBelow();
        });
        onPatched(() => this.measureBelow());
        onWillUnmount(() => {
            this.bus.unsubscribe("fuxi_kitchen/ticket", this.onTicket);
            this.bus.removeEventListener("disconnect", this.onDisconnect);
            this.bus.removeEventListener("reconnecting", this.onDisconnect);
            this.bus.removeEventListener("reconnect", this.onReconnect);
            this.bus.removeEventListener("connect", this.onConnect);
            window.removeEventListener("resize", this.onResize);
            clearInterval(this.clock);
            clearTimeout(this.allDayTimer);
        });
    }

    // ------------------------------------------------------------------ loading and bus

    async load() {
        const loading = (this.loading = this.orm.call(TICKET_MODEL, "kitchen_load", [
            this.state.station || false,
        ]));
        let data = null;
        try {
            data = await loading;
        } finally {
            if (this.loading === loading) {
                this.loading = null;
            }
        }
        const tickets = {};
        for (const ticket of data.tickets) {
            tickets[ticket.id] = ticket;
        }
        this.state.tickets = tickets;
        this.state.stations = data.stations || [];
        this.state.warnMinutes = data.warn_minutes;
        this.state.lateMinutes = data.late_minutes;
        this.lastBusId = Math.max(this.lastBusId, data.bus_last_id || 0);
        // what came over the bus while the load ran may be newer than what it read
        const received = this.receivedWhileLoading;
        this.receivedWhileLoading = [];
        for (const [payload, meta] of received) {
            this.receive(payload, meta);
        }
        if (Array.isArray(data.all_day) && !received.length) {
            // the load carries the station's count: no second request
            this.state.allDay = data.all_day;
        } else {
            await this.loadAllDay();
        }
    }

    async loadAllDay() {
        if (!this.state.showAllDay) {
            return;
        }
        const items = await this.orm.call(TICKET_MODEL, "kitchen_all_day", [
            this.state.station || false,
        ]);
        this.state.allDay = items || [];
    }

    /** Several tickets change at once (a send, a fire): one count for all of them. */
    scheduleAllDay() {
        clearTimeout(this.allDayTimer);
        this.allDayTimer = setTimeout(() => this.loadAllDay(), 400);
    }

    /**
     * A ticket pushed over the bus. The bus replays the last ~50 s to a tab that just
     * connected: what the load already contains (an id up to the load's last bus id) and
     * what this screen has already seen are skipped, so an old state never overwrites a
     * newer one and work already on the screen does not beep again.
     */
    receive(ticket, meta = {}) {
        const id = meta?.id;
        if (id) {
            if (id <= this.lastBusId) {
                return;
            }
            if (this.loading) {
                this.receivedWhileLoading.push([ticket, meta]);
                return;
            }
            this.lastBusId = id;
        }
        if (this.state.station && ticket.station !== this.state.station) {
            return;
        }
        const known = this.state.tickets[ticket.id];
        this.noticeChanges(known, ticket);
        this.state.tickets[ticket.id] = ticket;
        this.scheduleAllDay();
    }

    /** Sound and highlight for what the cook must notice: new work, fired, void, rush. */
    noticeChanges(known, ticket) {
        if (closedMark(ticket)) {
            if (known && !closedMark(known)) {
                kitchenSound.beep();
            }
            return;
        }
        const rushCount = ticket.rush_count || (ticket.rushed ? 1 : 0);
        const knownRush = known ? known.rush_count || (known.rushed ? 1 : 0) : 0;
        let fresh = null;
        if (!known) {
            if (ticket.state === "new" && !ticket.held) {
                fresh = {kind: "new", lineIds: []};
            }
        } else {
            const wasHeld = new Set(
                (known.lines || []).filter((line) => line.held).map((line) => line.id)
            );
            const fired = (ticket.lines || [])
                .filter((line) => wasHeld.has(line.id) && !line.held && !line.void)
                .map((line) => line.id);
            const knownIds = new Set((known.lines || []).map((line) => line.id));
            const wasVoid = new Set(
                (known.lines || []).filter((line) => line.void).map((line) => line.id)
            );
            const voided = (ticket.lines || [])
                .filter(
                    (line) =>
                        line.void && (!knownIds.has(line.id) || !wasVoid.has(line.id))
                )
                .map((line) => line.id);
            if (
                fired.length ||
                (ticket.fired_at && ticket.fired_at !== known.fired_at)
            ) {
                fresh = {kind: "fired", lineIds: fired};
            } else if (voided.length) {
                fresh = {kind: "void", lineIds: voided};
            }
        }
        if (rushCount > knownRush) {
            kitchenSound.rush();
        } else if (fresh) {
            kitchenSound.beep();
        }
        if (fresh) {
            this.state.fresh[ticket.id] = {...fresh, at: Date.now()};
        }
    }

    tick() {
        this.state.now = luxon.DateTime.now();
        const limit = Date.now() - FRESH_MS;
        for (const [id, fresh] of Object.entries(this.state.fresh)) {
            if (fresh.at < limit) {
                delete this.state.fresh[id];
            }
        }
    }

    // ------------------------------------------------------------------ what is shown

    /** Work to do (new and cooking), and closed tickets the cook has not cleared yet. */
    get gridTickets() {
        const cleared = new Set(this.state.cleared);
        return Object.values(this.state.tickets)
            .filter((ticket) =>
                closedMark(ticket)
                    ? !cleared.has(ticket.id)
                    : ACTIVE_STATES.includes(ticket.state)
            )
            .sort(compareTickets);
    }

    railTickets(state) {
        const tickets = Object.values(this.state.tickets).filter(
            (ticket) => ticket.state === state && !closedMark(ticket)
        );
        const bumped = (ticket) => ticket.bumped_at || ticket.sent_at || "";
        tickets.sort((a, b) =>
            bumped(a) < bumped(b) ? -1 : bumped(a) > bumped(b) ? 1 : 0
        );
        return state === "served" ? tickets.reverse() : tickets;
    }

    get readyTickets() {
        return this.railTickets("ready");
    }

    get servedTickets() {
        return this.railTickets("served");
    }

    get stations() {
        return this.state.stations.map(({code, name}) => ({key: code, label: name}));
    }

    get stationLabels() {
        return Object.fromEntries(
            this.state.stations.map(({code, name}) => [code, name])
        );
    }

    get zoomPercent() {
        return `${Math.round(this.state.zoom * 100)}%`;
    }

    get rootStyle() {
        return `--fuxi-kds-zoom: ${this.state.zoom};`;
    }

    /** How many tickets of the grid are below its visible part (the newest ones). */
    measureBelow() {
        const grid = this.gridRef.el;
        if (!grid) {
            return;
        }
        const bottom = grid.getBoundingClientRect().bottom;
        let below = 0;
        for (const el of grid.querySelectorAll(":scope > .o_fuxi_ticket")) {
            if (el.getBoundingClientRect().top >= bottom - 8) {
                below++;
            }
        }
        if (below !== this.state.below) {
            this.state.below = below;
        }
    }

    scrollToNewest() {
        const grid = this.gridRef.el;
        if (grid) {
            grid.scrollTo({top: grid.scrollHeight, behavior: "smooth"});
        }
    }

    // ------------------------------------------------------------------ settings

    async setStation(station) {
        this.state.station = station;
        writeStorage(STORAGE.station, station);
        await this.load();
    }

    zoomBy(step) {
        const index = ZOOM_STEPS.indexOf(this.state.zoom);
        const next = Math.min(ZOOM_STEPS.length - 1, Math.max(0, index + step));
        this.state.zoom = ZOOM_STEPS[next];
        writeStorage(STORAGE.zoom, String(this.state.zoom));
    }

    async toggleAllDay() {
        this.state.showAllDay = !this.state.showAllDay;
        writeStorage(STORAGE.allDay, this.state.showAllDay ? "1" : "0");
        await this.loadAllDay();
    }

    /** A closed ticket leaves the screen when the cook has seen it (kept per browser). */
    clear(ticket) {
        this.state.cleared = [...this.state.cleared, ticket.id].slice(-300);
        writeStorage(STORAGE.cleared, JSON.stringify(this.state.cleared));
    }

    // ------------------------------------------------------------------ bumps

    async bump(ticket) {
        delete this.state.fresh[ticket.id];
        try {
            const [updated] = await this.orm.call(TICKET_MODEL, "action_bump", [
                [ticket.id],
            ]);
            this.state.tickets[updated.id] = updated;
        } catch (error) {
            await this.load();
            throw error;
        }
        this.scheduleAllDay();
    }

    async bumpLine(ticket, line) {
        const updated = await this.orm.call(TICKET_MODEL, "action_bump_line", [
            [ticket.id],
            line.id,
        ]);
        this.state.tickets[updated.id] = updated;
        this.scheduleAllDay();
    }

    async recall() {
        const updated = await this.orm.call(TICKET_MODEL, "action_recall", [
            this.state.station || false,
        ]);
        this.state.tickets[updated.id] = updated;
        this.scheduleAllDay();
        this.notification.add(
            _t(
                "%s is back in “%s”.",
                updated.name,
                KITCHEN_STATES[updated.state] || updated.state
            ),
            {type: "info"}
        );
    }

    leave() {
        this.action.doAction("fuxi_frontdesk.action_fuxi_kitchen_ticket", {
            clearBreadcrumbs: true,
        });
    }

    onPointerDown() {
        unlockSound();
    }
}

registry.category("actions").add("fuxi_kitchen_display", KitchenDisplay);
