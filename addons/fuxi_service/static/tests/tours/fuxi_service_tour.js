import {registry} from "@web/core/registry";

/** Any employee answers a guest from the systray: search, read, copy (counted). */
registry.category("web_tour.tours").add("fuxi_service_qa_quick_search", {
    url: "/odoo/action-fuxi_service.action_fuxi_qa",
    steps: () => [
        {
            content: "Wait for the page: a new action would close the dialog",
            trigger: ".o_list_view",
        },
        {
            content: "Open the standard Q&A from the top bar",
            trigger: ".o_fuxi_qa_open",
            run: "click",
        },
        {
            content: "Type the guest's question",
            trigger: ".o_fuxi_qa_input",
            run: "edit 客人问榴莲能不能带进来",
        },
        {
            content: "The answer is found and shown",
            trigger:
                ".o_fuxi_qa_result:contains(巡回测试) .o_fuxi_qa_answer:contains(门口寄存)",
        },
        {
            content: "Copy it",
            trigger: ".o_fuxi_qa_result:contains(巡回测试) .o_fuxi_qa_copy",
            run: "click",
        },
        {
            content: "Counted: the answer was given once",
            trigger: ".o_fuxi_qa_result:contains(巡回测试) .o_fuxi_qa_uses:contains(1)",
        },
        {
            content: "and the staff member is told it is copied",
            trigger: ".o_notification",
        },
    ],
});

/** A support request: the question brings the library's answers; one is used and counted. */
registry.category("web_tour.tours").add("fuxi_service_support_pick_answer", {
    url: "/odoo/action-fuxi_service.action_fuxi_support_request/new",
    steps: () => [
        {
            content: "Type the guest's question",
            trigger: ".o_field_widget[name=question] textarea",
            run: "edit 客人问巡回包厢有没有最低消费",
        },
        {
            content: "The matching library answer is suggested",
            trigger:
                ".o_field_widget[name=suggested_qa_ids] .o_data_row:contains(巡回包厢)",
        },
        {
            content: "Use it",
            trigger:
                ".o_field_widget[name=suggested_qa_ids] .o_data_row:contains(巡回包厢) button[name=action_use_for_request]",
            run: "click",
        },
        {
            content: "The answer is copied into the request",
            trigger: ".o_field_widget[name=answer]:contains(晚市最低消费一千二)",
        },
        {
            content: "and the request is answered",
            trigger:
                ".o_statusbar_status button[data-value=answered][aria-checked=true]",
        },
    ],
});
