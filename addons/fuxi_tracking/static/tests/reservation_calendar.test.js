import {describe, expect, test} from "@odoo/hoot";
import {mockDate, mockTimeZone} from "@odoo/hoot-mock";
import {
    contains,
    defineModels,
    fields,
    models,
    mountView,
    onRpc,
} from "@web/../tests/web_test_helpers";
import {defineMailModels} from "@mail/../tests/mail_test_helpers";

describe.current.tags("desktop");

class FuxiReservation extends models.Model {
    _name = "fuxi.reservation";

    subject = fields.Char();
    start = fields.Datetime();
    stop = fields.Datetime();

    _records = [
        {
            id: 1,
            subject: "生日宴",
            start: "2026-06-01 10:00:00",
            stop: "2026-06-01 12:00:00",
        },
    ];
    _views = {
        form: `<form><field name="subject"/><field name="start"/><field name="stop"/></form>`,
    };
}

defineMailModels();
defineModels([FuxiReservation]);

const ARCH = `
    <calendar js_class="fuxi_reservation_calendar" date_start="start" date_stop="stop"
              mode="day" quick_create="0" event_open_popup="1">
        <field name="subject"/>
    </calendar>`;

test("the reservation calendar has a New button that opens a reservation form", async () => {
    mockTimeZone(0);
    mockDate("2026-06-01 08:20:00");
    const saved = [];
    onRpc("fuxi.reservation", "web_save", ({args}) => {
        saved.push(args[1]);
    });
    await mountView({type: "calendar", resModel: "fuxi.reservation", arch: ARCH});
    expect(".o_fuxi_reservation_new").toHaveCount(1);
    await contains(".o_fuxi_reservation_new").click();
    expect(".modal .o_form_view").toHaveCount(1);
    expect(".modal-title").toHaveText("New Reservation");
    await contains(".modal .o_field_widget[name=subject] input").edit("商务宴请");
    await contains(".modal .o_form_button_save").click();
    expect(saved).toHaveLength(1);
    expect(saved[0].subject).toBe("商务宴请");
    // the next full hour of the day shown
    expect(saved[0].start).toBe("2026-06-01 09:00:00");
});

test("no New button for users who may not create reservations", async () => {
    await mountView({
        type: "calendar",
        resModel: "fuxi.reservation",
        arch: ARCH.replace("mode=", 'create="0" mode='),
    });
    expect(".o_calendar_container").toHaveCount(1);
    expect(".o_fuxi_reservation_new").toHaveCount(0);
});
