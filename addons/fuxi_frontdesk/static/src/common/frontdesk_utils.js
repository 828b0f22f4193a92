import {deserializeDateTime} from "@web/core/l10n/dates";
import {ConnectionLostError} from "@web/core/network/rpc";

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
