import {onMounted, onWillStart, onWillUnmount, useState} from "@odoo/owl";
import {_t} from "@web/core/l10n/translation";
import {patch} from "@web/core/utils/patch";
import {useService} from "@web/core/utils/hooks";
import {FrontDesk} from "@fuxi_frontdesk/frontdesk/frontdesk";
import {KitchenDisplay} from "@fuxi_frontdesk/kitchen/kitchen_display";

const PRINTER_MODEL = "fuxi.station.printer";
// a job waiting this long with no news from the bridge shows as offline: re-read then
const REFRESH_MS = 30000;

/**
 * The printers to warn about (offline, or jobs waiting), kept up to date by the bus and a
 * slow refresh. Returns a reactive {offline: [{id, name, reason, waiting}]}.
 */
export function usePrinterWarning() {
    const orm = useService("orm");
    const bus = useService("bus_service");
    const warning = useState({offline: []});
    const load = async () => {
        try {
            const data = await orm.silent.call(PRINTER_MODEL, "printer_status", []);
            warning.offline = data.offline;
        } catch {
            // the screen's own offline badge tells about a lost connection
        }
    };
    const onStatus = (payload) => (warning.offline = payload.offline || []);
    let timer = null;
    onWillStart(load);
    onMounted(() => {
        bus.subscribe("fuxi_station_printer/status", onStatus);
        timer = setInterval(load, REFRESH_MS);
    });
    onWillUnmount(() => {
        bus.unsubscribe("fuxi_station_printer/status", onStatus);
        clearInterval(timer);
    });
    return warning;
}

export function printerWarningText(printer) {
    return _t("Printer %(printer)s offline: %(count)s ticket(s) waiting", {
        printer: printer.name,
        count: printer.waiting,
    });
}

patch(KitchenDisplay.prototype, {
    setup() {
        super.setup(...arguments);
        this.printerWarning = usePrinterWarning();
        this.printerWarningText = printerWarningText;
    },
});

patch(FrontDesk.prototype, {
    setup() {
        super.setup(...arguments);
        this.printerWarning = usePrinterWarning();
        this.printerWarningText = printerWarningText;
    },
    async printPrebillTicket() {
        if (!this.state.order) {
            return;
        }
        try {
            const result = await this.orm.call(
                "fuxi.frontdesk.order",
                "action_print_prebill_ticket",
                [[this.state.order.id]]
            );
            this.notification.add(
                _t("Pre-bill sent to %(printer)s", {printer: result.printer}),
                {type: "success"}
            );
        } catch (error) {
            this.notification.add(error.data?.message || String(error), {
                type: "danger",
            });
        }
    },
});
