import { describe, expect, test } from "@odoo/hoot";
import { isTrackData, parseMagstripe } from "@fuxi_card_reader/card_swipe_service";

describe.current.tags("desktop");

test("track 2 as typed by keyboard-wedge readers, whatever the keyboard layout", () => {
    for (const typed of [
        ";6228480402564890=2512?",
        "ñ6228480402564890=2512_",
        "Ç6228480402564890ß2512&",
        "é6228480402564890=25121010000?",
        "+6228480402564890?",
        ";6228480402564890?",
    ]) {
        expect(parseMagstripe(typed)).toBe("6228480402564890", { message: typed });
        expect(isTrackData(typed)).toBe(true, { message: typed });
    }
});

test("product barcodes and garbage are not cards", () => {
    expect(isTrackData("6901234567892")).toBe(false);
    expect(isTrackData("ABC-123")).toBe(false);
    expect(parseMagstripe(";12?")).toBe(null);
    expect(parseMagstripe(";62284804025648901234567?")).toBe(null);
    expect(parseMagstripe(null)).toBe(null);
});
