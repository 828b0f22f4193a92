import {deserializeDateTime} from "@web/core/l10n/dates";
import {ConnectionLostError} from "@web/core/network/rpc";
import {_t} from "@web/core/l10n/translation";

/** The courses of a meal, in the order they are served (fuxi_knowledge's dish course). */
export const COURSE_ORDER = ["cold", "hot", "soup", "staple", "dessert", "drink"];
// distinct English terms (the JS translations are one dictionary shared with core)
const COURSE_LABELS = {
    cold: _t("Cold dishes course"),
    hot: _t("Hot dishes course"),
    soup: _t("Soup course"),
    staple: _t("Staples course"),
    dessert: _t("Dessert course"),
    drink: _t("Drinks course"),
};

export function courseLabel(course) {
    return COURSE_LABELS[course] || _t("Other dishes");
}

export const WEIGHT_UOM_LABELS = {jin: _t("jin (斤)"), kg: _t("kg (公斤)")};

/** Same portion and same options: what makes a second tap raise the first line's quantity. */
export function sameChoices(a, b) {
    const options = (line) => [...(line.options || [])].sort().join("|");
    return (
        (a.note || "") === (b.note || "") &&
        (a.portion || "") === (b.portion || "") &&
        options(a) === options(b) &&
        !a.weight &&
        !b.weight &&
        (a.price_mode || "fixed") === "fixed" &&
        (b.price_mode || "fixed") === "fixed"
    );
}

/**
 * draft / held / waiting / cooking / ready / served / void: a line as the waiter sees it,
 * from the line and its kitchen ticket's state (the server's rule, for live ticket updates).
 */
export function lineStatus(line, ticketState) {
    if (["draft", "void"].includes(line.state)) {
        return line.state;
    }
    if (line.served || ticketState === "served") {
        return "served";
    }
    if (line.hold) {
        return "held";
    }
    if (line.kitchen_done || ticketState === "ready") {
        return "ready";
    }
    return ticketState === "cooking" ? "cooking" : "waiting";
}

/** A dish that needs a choice before it is added: market price, weight, portion or options. */
export function needsEntry(dish) {
    return Boolean(
        (dish.price_mode && dish.price_mode !== "fixed") ||
            dish.portions?.length ||
            dish.options?.length
    );
}

/**
 * The unit price the server will compute, for the line shown while it is on its way:
 * (portion price, market price or list price) × weight for weighed dishes, + options.
 */
export function entryUnitPrice(dish, {portionId, optionIds = [], weight, price}) {
    let base = dish.price || 0;
    if (dish.price_mode === "market") {
        base = Number(price) || 0;
    } else {
        const portion = (dish.portions || []).find((p) => p.id === portionId);
        if (portion) {
            base = portion.price;
        }
    }
    if (dish.price_mode === "weighed") {
        base *= Number(weight) || 0;
    }
    const extras = (dish.options || [])
        .filter((option) => optionIds.includes(option.id))
        .reduce((sum, option) => sum + (option.price_extra || 0), 0);
    return base + extras;
}

/** A client-made id: the key that makes a repeated request harmless on the server. */
export function makeUid() {
    if (window.crypto?.randomUUID) {
        return window.crypto.randomUUID().replaceAll("-", "");
    }
    return `${Date.now().toString(16)}${Math.random().toString(16).slice(2)}`.padEnd(
        16,
        "0"
    );
}

/** Whole minutes between a server datetime string (UTC) and now. */
export function minutesSince(serverDateTime, now = luxon.DateTime.now()) {
    if (!serverDateTime) {
        return 0;
    }
    const start = deserializeDateTime(serverDateTime);
    return Math.max(0, Math.floor(now.diff(start, "minutes").minutes));
}

/** "12:05" in the user's time zone, from a server datetime string (UTC). */
export function formatClock(serverDateTime) {
    return serverDateTime ? deserializeDateTime(serverDateTime).toFormat("HH:mm") : "";
}

export function formatElapsed(minutes) {
    const hours = Math.floor(minutes / 60);
    const rest = minutes % 60;
    return hours ? `${hours}:${String(rest).padStart(2, "0")}` : `${rest}′`;
}

/** A lost connection (retry later) rather than an answer of the server (do not retry). */
export function isConnectionError(error) {
    return error instanceof ConnectionLostError;
}

/**
 * Requests that must reach the server (add lines, send to kitchen), kept in order, retried
 * with back-off while the server cannot be reached, and saved in localStorage so that a
 * reload does not lose them. Each job carries its own client ids, so a retry of a request
 * the server already did changes nothing there.
 */
export class PendingQueue {
    constructor({storageKey, run, onChange, delays = [500, 1000, 2000, 5000, 10000]}) {
        this.storageKey = storageKey;
        this.run = run;
        this.onChange = onChange || (() => undefined);
        this.delays = delays;
        this.jobs = this._load();
        this.running = false;
        this.attempt = 0;
        this.lastError = "";
        this.timer = null;
    }

    _load() {
        try {
            return JSON.parse(window.localStorage.getItem(this.storageKey) || "[]");
        } catch {
            return [];
        }
    }

    _save() {
        try {
            window.localStorage.setItem(this.storageKey, JSON.stringify(this.jobs));
        } catch {
            // storage full or disabled: the queue still works for this page
        }
        this.onChange(this);
    }

    get size() {
        return this.jobs.length;
    }

    push(job) {
        this.jobs.push(job);
        this._save();
        return this.flush();
    }

    /** Runs the jobs in order; stops at the first connection error and schedules a retry. */
    async flush() {
        if (this.running) {
            return;
        }
        this.running = true;
        clearTimeout(this.timer);
        try {
            while (this.jobs.length) {
                const job = this.jobs[0];
                try {
                    await this.run(job);
                    this.attempt = 0;
                    this.lastError = "";
                } catch (error) {
                    if (isConnectionError(error)) {
                        this.lastError = "offline";
                        const delay =
                            this.delays[Math.min(this.attempt, this.delays.length - 1)];
                        this.attempt++;
                        this.timer = setTimeout(() => this.flush(), delay);
                        this.onChange(this);
                        return;
                    }
                    // the server refused it (closed table, bad quantity…): drop it and tell
                    this.lastError =
                        error?.data?.message || error?.message || String(error);
                    this.jobs.shift();
                    this._save();
                    throw error;
                }
                this.jobs.shift();
                this._save();
            }
        } finally {
            this.running = false;
        }
    }

    destroy() {
        clearTimeout(this.timer);
    }
}
