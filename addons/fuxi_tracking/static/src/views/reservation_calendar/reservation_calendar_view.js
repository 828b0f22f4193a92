import {_t} from "@web/core/l10n/translation";
import {registry} from "@web/core/registry";
import {CalendarController} from "@web/views/calendar/calendar_controller";
import {calendarView} from "@web/views/calendar/calendar_view";

const {DateTime} = luxon;

/**
 * The reservation calendar with a New button: Odoo's calendar view offers creation only by
 * clicking a free slot, which staff do not guess. The button opens the same form as a slot,
 * starting at the next full hour of the day shown (of today when today is shown).
 */
export class FuxiReservationCalendarController extends CalendarController {
    static template = "fuxi_tracking.ReservationCalendarController";

    get editRecordDefaultDisplayText() {
        return _t("New Reservation");
    }

    get newReservationStart() {
        const now = DateTime.local();
        const shown = this.model.date || now;
        if (shown.hasSame(now, "day")) {
            return now.startOf("hour").plus({hours: 1});
        }
        return shown.set({hour: 18, minute: 0, second: 0, millisecond: 0});
    }

    onClickNewReservation() {
        const start = this.newReservationStart;
        return this.createRecord({start, end: start.plus({hours: 2}), isAllDay: false});
    }
}

export const fuxiReservationCalendarView = {
    ...calendarView,
    Controller: FuxiReservationCalendarController,
};

registry
    .category("views")
    .add("fuxi_reservation_calendar", fuxiReservationCalendarView);
