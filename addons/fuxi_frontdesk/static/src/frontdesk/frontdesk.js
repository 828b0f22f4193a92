import {Component, onMounted, onWillStart, onWillUnmount, useState} from "@odoo/owl";
import {_t} from "@web/core/l10n/translation";
import {registry} from "@web/core/registry";
import {useService} from "@web/core/utils/hooks";
import {user} from "@web/core/user";
import {GuestProfile} from "@fuxi_customer/guest/guest_profile";
import {formatCurrency} from "@web/core/currency";
import {makeUid, PendingQueue} from "../common/frontdesk_utils";
import {DishGrid} from "./dish_grid";
import {FloorPlan} from "./floor_plan";
import {OrderPanel} from "./order_panel";

const ORDER_MODEL = "fuxi.frontdesk.order";

/**
 * 前台: the full-screen front desk. Floor → open a table with a guest → order from the menu →
 * send to the kitchen (only what was not sent, one ticket per station) → check out.
 * After a lost connection it reloads the floor and the open order: the bus says "reconnect"
 * after a dropped websocket, "connect" when the browser comes back online.
 */
export class FrontDesk extends Component {
    static template = "fuxi_frontdesk.FrontDesk";
    static components = {FloorPlan, DishGrid, OrderPanel, GuestProfile};
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.notification = useService("notification");
        this.bus = useService("bus_service");
        this.fuxiGuest = useService("fuxi_guest");
        this.state = useState({
            view: "floor",
            rooms: [],
            reservations: [],
            categories: [],
            dishes: [],
            currencyId: false,
            canOrder: false,
            order: null,
            profile: null,
            opening: null, // {room, partner, guestCount, search, results, reservationId}
            arrivedGuest: null, // a guest identified (card swipe) while on the floor
            checkout: false,
            pendingCount: 0,
            offline: false,
            queueError: "",
            now: luxon.DateTime.now(),
        });
        this.queue = new PendingQueue({
            storageKey: `fuxi_frontdesk_queue_${user.userId}`,
            run: (job) => this.runJob(job),
            onChange: (queue) => {
                this.state.pendingCount = queue.size;
                this.state.offline = queue.lastError === "offline";
            },
        });
        this.state.pendingCount = this.queue.size;
        onWillStart(async () => {
            const data = await this.orm.call(ORDER_MODEL, "frontdesk_load", []);
            Object.assign(this.state, {
                rooms: data.rooms,
                reservations: data.reservations,
                categories: data.categories,
                dishes: data.dishes,
                currencyId: data.currency_id,
                canOrder: data.can_order,
            });
        });
        this.onOrderNotification = (payload) => this.onOrderChanged(payload);
        this.onTicketNotification = (payload) => this.onTicketChanged(payload);
        this.busOffline = false;
        this.onDisconnect = () => (this.busOffline = true);
        this.onReconnect = () => {
            this.busOffline = false;
            this.refreshAll();
            if (this.queue.size) {
                this.queue.flush().catch((error) => this.showQueueError(error));
            }
        };
        this.onConnect = () => {
            // the first "connect" is the start; later ones follow an offline browser
            if (this.busOffline) {
                this.onReconnect();
            }
        };
        onMounted(() => {
            this.bus.subscribe("fuxi_frontdesk/order", this.onOrderNotification);
            this.bus.subscribe("fuxi_kitchen/ticket", this.onTicketNotification);
            this.bus.addEventListener("disconnect", this.onDisconnect);
            this.bus.addEventListener("reconnecting", this.onDisconnect);
            this.bus.addEventListener("reconnect", this.onReconnect);
            this.bus.addEventListener("connect", this.onConnect);
            this.bus.start();
            this.removeGuestHandler = this.fuxiGuest.addHandler((partnerId, options) =>
                this.identifyGuest(partnerId, options)
            );
            this.clock = setInterval(
                () => (this.state.now = luxon.DateTime.now()),
                30000
            );
            if (this.queue.size) {
                this.queue.flush().catch((error) => this.showQueueError(error));
            }
        });
        onWillUnmount(() => {
            this.bus.unsubscribe("fuxi_frontdesk/order", this.onOrderNotification);
            this.bus.unsubscribe("fuxi_kitchen/ticket", this.onTicketNotification);
            this.bus.removeEventListener("disconnect", this.onDisconnect);
            this.bus.removeEventListener("reconnecting", this.onDisconnect);
            this.bus.removeEventListener("reconnect", this.onReconnect);
            this.bus.removeEventListener("connect", this.onConnect);
            this.removeGuestHandler?.();
            clearInterval(this.clock);
            clearTimeout(this.floorTimer);
            this.queue.destroy();
        });
    }

    // ----------------------------------------------------------------- data
    async refreshFloor() {
        const floor = await this.orm.call(ORDER_MODEL, "frontdesk_floor", []);
        this.state.rooms = floor.rooms;
        this.state.reservations = floor.reservations;
    }

    scheduleFloorRefresh() {
        clearTimeout(this.floorTimer);
        this.floorTimer = setTimeout(() => this.refreshFloor(), 300);
    }

    async refreshOrder() {
        if (!this.state.order) {
            return;
        }
        const order = await this.orm.call(ORDER_MODEL, "read_order", [
            [this.state.order.id],
        ]);
        this.setOrder(order);
    }

    async refreshAll() {
        await this.refreshFloor();
        await this.refreshOrder();
    }

    setOrder(order) {
        if (this.state.order && order.id !== this.state.order.id) {
            return; // an answer about a table we already left
        }
        this.state.order = order;
        if (order.state !== "open") {
            this.notification.add(_t("This table was closed on another screen."), {
                type: "info",
            });
            this.backToFloor();
        }
    }

    onOrderChanged(payload) {
        this.scheduleFloorRefresh();
        if (this.state.order?.id === payload.order_id && !this.queue.size) {
            this.refreshOrder();
        }
    }

    onTicketChanged(ticket) {
        if (this.state.order?.id === ticket.order_id) {
            const tickets = this.state.order.tickets.filter((t) => t.id !== ticket.id);
            tickets.push({
                id: ticket.id,
                name: ticket.name,
                station: ticket.station,
                state: ticket.state,
            });
            this.state.order.tickets = tickets;
            for (const line of ticket.lines) {
                const mine = this.state.order.lines.find((l) => l.id === line.id);
                if (mine) {
                    mine.kitchen_done = line.done;
                }
            }
        }
        this.scheduleFloorRefresh();
    }

    // ------------------------------------------------------------- queue
    async runJob(job) {
        let order = null;
        if (job.type === "add") {
            order = await this.orm.call(ORDER_MODEL, "add_lines", [
                [job.orderId],
                job.lines,
            ]);
        } else if (job.type === "send") {
            order = await this.orm.call(ORDER_MODEL, "action_send", [
                [job.orderId],
                job.sendUid,
            ]);
            this.notification.add(_t("Sent to the kitchen."), {type: "success"});
        }
        if (order && this.state.order?.id === order.id) {
            this.setOrder(order);
        }
    }

    showQueueError(error) {
        const message = error?.data?.message || error?.message || String(error);
        this.notification.add(message, {type: "danger", title: _t("Not accepted")});
        this.refreshOrder();
    }

    enqueue(job) {
        this.queue.push(job).catch((error) => this.showQueueError(error));
    }

    get pendingLines() {
        if (!this.state.order) {
            return [];
        }
        return this.queue.jobs
            .filter((job) => job.type === "add" && job.orderId === this.state.order.id)
            .flatMap((job) =>
                job.lines.map((line) => ({...line, ...job.display[line.uid]}))
            );
    }

    // ------------------------------------------------------------- floor
    selectRoom(room) {
        if (room.order) {
            this.openOrder(room.order.id);
            return;
        }
        if (!this.state.canOrder) {
            return;
        }
        const reservation = room.reservation;
        const guest = this.state.arrivedGuest;
        this.state.opening = {
            room,
            partner:
                guest ||
                (reservation?.partner_id
                    ? {id: reservation.partner_id, name: reservation.partner_name}
                    : null),
            guestCount: reservation?.party_size || Math.min(room.capacity || 2, 2),
            search: "",
            results: [],
            reservationId: reservation?.id || false,
        };
        this.state.arrivedGuest = null;
    }

    async searchGuests(term) {
        const opening = this.state.opening;
        opening.search = term;
        if (!term.trim()) {
            opening.results = [];
            return;
        }
        const results = await this.fuxiGuest.searchGuests(term);
        if (opening.search === term) {
            opening.results = results;
        }
    }

    pickGuest(guest) {
        this.state.opening.partner = guest;
        this.state.opening.results = [];
        this.state.opening.search = "";
    }

    changeGuestCount(delta) {
        const opening = this.state.opening;
        opening.guestCount = Math.max(1, Math.min(500, opening.guestCount + delta));
    }

    async confirmOpen() {
        const opening = this.state.opening;
        const order = await this.orm.call(ORDER_MODEL, "open_table", [
            opening.room.id,
            opening.partner?.id || false,
            opening.guestCount,
            opening.reservationId,
        ]);
        this.state.opening = null;
        await this.showOrder(order);
        this.scheduleFloorRefresh();
    }

    async openOrder(orderId) {
        const order = await this.orm.call(ORDER_MODEL, "read_order", [[orderId]]);
        await this.showOrder(order);
    }

    async showOrder(order) {
        this.state.order = order;
        this.state.view = "order";
        this.state.profile = null;
        await this.loadProfile();
    }

    async loadProfile() {
        const partner = this.state.order?.partner;
        this.state.profile = partner
            ? await this.fuxiGuest.loadProfile(partner.id)
            : null;
    }

    backToFloor() {
        this.state.view = "floor";
        this.state.order = null;
        this.state.profile = null;
        this.state.checkout = false;
        this.refreshFloor();
    }

    /** The "identify guest" entry point (card swipe, caller ID): the front desk takes the guest. */
    async identifyGuest(partnerId, options = {}) {
        const profile =
            options.profile?.id === partnerId
                ? options.profile
                : await this.fuxiGuest.loadProfile(partnerId);
        const guest = {id: profile.id, name: profile.name};
        if (this.state.view === "order" && this.state.order) {
            if (
                !this.state.order.partner ||
                this.state.order.partner.id !== partnerId
            ) {
                const order = await this.orm.call(ORDER_MODEL, "set_guest", [
                    [this.state.order.id],
                    partnerId,
                ]);
                this.setOrder(order);
            }
            this.state.profile = profile;
        } else if (this.state.opening) {
            this.state.opening.partner = guest;
        } else {
            this.state.arrivedGuest = guest;
            this.state.profile = profile;
        }
        this.notification.add(_t("Guest identified: %s", profile.name), {type: "info"});
        return true;
    }

    // ------------------------------------------------------------- order
    addDish(dish) {
        const order = this.state.order;
        if (!order || !this.state.canOrder) {
            return;
        }
        const uid = makeUid();
        this.enqueue({
            type: "add",
            orderId: order.id,
            lines: [{uid, product_id: dish.id, quantity: 1, note: ""}],
            display: {
                [uid]: {name: dish.name, price_unit: dish.price, station: dish.station},
            },
        });
    }

    async changeLine(line, values) {
        if (line.state === "pending") {
            return; // still on its way to the server
        }
        const order = await this.orm.call(
            "fuxi.frontdesk.order.line",
            "update_line",
            [[line.id]],
            {
                quantity: values.quantity ?? null,
                note: values.note ?? null,
            }
        );
        this.setOrder(order);
    }

    async removeLine(line) {
        if (line.state === "pending") {
            return;
        }
        const order = await this.orm.call("fuxi.frontdesk.order.line", "remove_line", [
            [line.id],
        ]);
        this.setOrder(order);
    }

    async voidLine(line, reason) {
        const order = await this.orm.call("fuxi.frontdesk.order.line", "void_line", [
            [line.id],
            reason,
        ]);
        this.setOrder(order);
        this.notification.add(_t("%s voided: the kitchen sees it.", line.name), {
            type: "warning",
        });
    }

    get unsentCount() {
        const lines = this.state.order?.lines || [];
        return (
            lines.filter((line) => line.state === "draft").length +
            this.pendingLines.length
        );
    }

    sendToKitchen() {
        if (!this.state.order || !this.unsentCount) {
            return;
        }
        this.enqueue({type: "send", orderId: this.state.order.id, sendUid: makeUid()});
    }

    async changeOrderGuests(delta) {
        const count = Math.max(1, this.state.order.guest_count + delta);
        const order = await this.orm.call(
            ORDER_MODEL,
            "set_guest",
            [[this.state.order.id]],
            {
                guest_count: count,
            }
        );
        this.setOrder(order);
    }

    askCheckout() {
        if (this.unsentCount) {
            this.notification.add(_t("Send the new lines to the kitchen first."), {
                type: "warning",
            });
            return;
        }
        this.state.checkout = true;
    }

    async confirmCheckout() {
        // the waiter confirmed on this panel: close even with dishes not served yet
        const result = await this.orm.call(
            ORDER_MODEL,
            "action_checkout",
            [[this.state.order.id]],
            {confirm: true}
        );
        this.notification.add(_t("Checked out: the visit is recorded."), {
            type: "success",
        });
        this.state.checkout = false;
        this.state.order = result.order;
        this.backToFloor();
    }

    async cancelOrder() {
        await this.orm.call(
            ORDER_MODEL,
            "action_cancel_order",
            [[this.state.order.id]],
            {
                reason: _t("Opened by mistake"),
            }
        );
        this.backToFloor();
    }

    printPrebill() {
        this.action.doAction("fuxi_frontdesk.action_report_prebill", {
            additionalContext: {
                active_ids: [this.state.order.id],
                active_model: ORDER_MODEL,
            },
        });
    }

    money(amount) {
        return formatCurrency(amount || 0, this.state.currencyId);
    }

    leave() {
        this.action.doAction("fuxi_frontdesk.action_fuxi_frontdesk_order", {
            clearBreadcrumbs: true,
        });
    }
}

registry.category("actions").add("fuxi_frontdesk", FrontDesk);
