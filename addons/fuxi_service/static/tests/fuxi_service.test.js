import {describe, expect, test} from "@odoo/hoot";
import {queryAllTexts} from "@odoo/hoot-dom";
import {advanceTime, animationFrame} from "@odoo/hoot-mock";
import {
    contains,
    defineModels,
    fields,
    models,
    mountView,
    mountWithCleanup,
    onRpc,
} from "@web/../tests/web_test_helpers";
import {defineMailModels} from "@mail/../tests/mail_test_helpers";
import {WebClient} from "@web/webclient/webclient";

describe.current.tags("desktop");

class FuxiSupportRequest extends models.Model {
    _name = "fuxi.support.request";

    question = fields.Text();
}
// the question has an onchange (the suggested answers): the form asks the server for it
FuxiSupportRequest._onChanges = {question: () => undefined};

defineMailModels();
defineModels([FuxiSupportRequest]);

test("the live text field hands the typing to the record after a pause", async () => {
    const changes = [];
    onRpc("fuxi.support.request", "onchange", ({args}) => {
        changes.push(args[1].question ?? null);
    });
    await mountView({
        type: "form",
        resModel: "fuxi.support.request",
        arch: `<form><field name="question" widget="fuxi_live_text"/></form>`,
    });
    // typed, not confirmed: a plain text field would wait for the user to leave it
    await contains(".o_field_widget[name=question] textarea").edit("可以停车吗", {
        confirm: false,
    });
    await advanceTime(100);
    expect(changes).toEqual([null], {message: "only the form's first onchange yet"});
    await advanceTime(400);
    await animationFrame();
    expect(changes).toEqual([null, "可以停车吗"], {
        message: "the typed question, unconfirmed",
    });
    expect(".o_field_widget[name=question] textarea").toHaveValue("可以停车吗");
});

const RESULTS = [
    {
        id: 11,
        question: "可以停车吗？",
        answer: "<p>地下车库免费两小时。</p>",
        answer_text: "地下车库免费两小时。",
        category: "停车",
        keywords: "车位",
        use_count: 4,
        score: 9,
    },
    {
        id: 12,
        question: "附近有停车场吗？",
        answer: "<p>对面商场也可停。</p>",
        answer_text: "对面商场也可停。",
        category: "停车",
        keywords: "",
        use_count: 1,
        score: 3,
    },
];

test("quick search: ranked answers, the first opened, copying counts a use", async () => {
    const searched = [];
    onRpc("fuxi.qa", "search_answers", ({args}) => {
        searched.push(args[0]);
        return RESULTS;
    });
    onRpc("fuxi.qa", "mark_used", ({args}) => {
        expect(args[0]).toEqual([11]);
        return {11: 5};
    });
    await mountWithCleanup(WebClient);
    await contains(".o_fuxi_qa_open").click();
    await contains(".o_fuxi_qa_input").edit("停车", {confirm: false});
    expect(searched).toEqual([], {message: "waits for the typing to pause"});
    await advanceTime(300);
    await animationFrame();
    expect(searched).toEqual(["停车"]);
    expect(queryAllTexts(".o_fuxi_qa_question")).toEqual([
        "可以停车吗？",
        "附近有停车场吗？",
    ]);
    expect(".o_fuxi_qa_answer").toHaveCount(1);
    expect(".o_fuxi_qa_answer").toHaveText("地下车库免费两小时。");
    await contains(".o_fuxi_qa_copy").click();
    await animationFrame();
    expect(".o_fuxi_qa_result:first .o_fuxi_qa_uses").toHaveText("5");
});

test("quick search: no answer says so", async () => {
    onRpc("fuxi.qa", "search_answers", () => []);
    await mountWithCleanup(WebClient);
    await contains(".o_fuxi_qa_open").click();
    await contains(".o_fuxi_qa_input").edit("榴莲", {confirm: false});
    await advanceTime(300);
    await animationFrame();
    expect(".o_fuxi_qa_none").toHaveCount(1);
    expect(".o_fuxi_qa_result").toHaveCount(0);
});
