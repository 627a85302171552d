//! Group support in the real window: a critical event logged, waiting on the dashboard,
//! reached by a team debrief logged from it (people by role, never a name), undone when
//! logged by mistake, and counted in the reports; light and dark. The window's clock is set
//! (PEERDESK_NOW), so the test passes on any day.

use super::*;

/// The window's today: a Tuesday morning.
const NOW: &str = "2026-12-01T10:00:00";

/// Sets a form control's value as a person's choice would, and says so to the form.
async fn set_value(client: &Client, css: &str, value: &str) {
    wait_for(client, css).await;
    script(
        client,
        &format!(
            "const e = document.querySelector({}); e.focus(); e.value = {};
             e.dispatchEvent(new Event('input', {{ bubbles: true }}));
             e.dispatchEvent(new Event('change', {{ bubbles: true }})); return true;",
            json!(css),
            json!(value)
        ),
    )
    .await;
}

async fn dark(client: &Client, on: bool) {
    script(
        client,
        &format!(
            "document.documentElement.dataset.theme = '{}'; return true;",
            if on { "dark" } else { "light" }
        ),
    )
    .await;
}

/// A screenshot light and dark.
async fn both_themes(client: &Client, name: &str) {
    screenshot(client, &format!("{name}-light")).await;
    dark(client, true).await;
    screenshot(client, &format!("{name}-dark")).await;
    dark(client, false).await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs Xvfb, tauri-driver and WebKitWebDriver: run through scripts/test"]
async fn a_critical_event_waits_on_the_dashboard_until_a_team_debrief_is_logged_in_the_window() {
    let (temp, data_dir) = initialized_without_keychain();
    add_organizations_and_roster(
        temp.path(),
        &data_dir,
        "Ana Lima,Chaplain,Medicine,Riverside Health,ana@riverside.org,2024-03-01\n\
         Bo Chen,Nurse,Medicine,Lakeside Clinic,bo@lakeside.org,2024-03-01\n",
    );
    let (_driver, client) = unlocked_window_with(4720, &data_dir, &[("PEERDESK_NOW", NOW)]).await;
    client
        .set_window_size(1280, 800)
        .await
        .expect("the window takes the size");

    // Nothing yet: the dashboard says so, and the screen explains what an event is.
    wait_until_contains(
        &client,
        "#queue-events",
        "No critical event is waiting for outreach",
    )
    .await;
    click_on(&client, "#nav-outreach").await;
    click_on(&client, "#open-group").await;
    wait_for_text(&client, "#page-title", "Critical events and team sessions").await;
    wait_for(&client, "#group-events-empty").await;
    wait_until_contains(&client, "#group-intro", "within 24 hours").await;
    both_themes(&client, "90-group-empty").await;

    // An event: a blank form says what is missing beside each field; no field for a name.
    click_on(&client, "#new-event").await;
    wait_for(&client, "#event-no-names").await;
    let name_fields = script(
        &client,
        "return document.querySelectorAll('#event-form [name*=name], #event-form textarea').length;",
    )
    .await;
    assert_eq!(
        name_fields,
        json!(0),
        "the event form has no name or free-text field"
    );
    click_on(&client, "#event-save").await;
    wait_until_contains(&client, "#event-kind-error", "Choose the kind of event").await;
    wait_until_contains(&client, "#event-unit-error", "Choose the unit").await;
    both_themes(&client, "91-event-form-refused").await;
    wait_for(&client, "#event-kind")
        .await
        .select_by_value("code")
        .await
        .expect("kind");
    wait_for(&client, "#event-unit")
        .await
        .select_by_value("Intensive care")
        .await
        .expect("unit");
    set_value(&client, "#event-time", "08:30").await;
    click_on(&client, "#event-save").await;
    wait_until_contains(&client, ".toast", "Critical event #1 logged").await;
    let waiting = "#group-waiting li[data-event-id='1']";
    wait_until_contains(&client, waiting, "due tomorrow").await;
    both_themes(&client, "92-group-event-waiting").await;

    // On the dashboard, with its way to reach the unit.
    click_on(&client, "#nav-dashboard").await;
    let item = "#queue-events li[data-event-id='1']";
    let text = wait_until_contains(&client, item, "Intensive care").await;
    assert!(
        text.contains("Code") && text.contains("due tomorrow"),
        "{text}"
    );
    both_themes(&client, "93-dashboard-event-waiting").await;
    click_on(&client, "#event-1-session").await;

    // The debrief after it: unit and event filled in; people by role, never a name.
    wait_for(&client, "#session-no-names").await;
    assert_eq!(
        script(
            &client,
            "return [document.getElementById('session-event').value, document.getElementById('session-unit').value];",
        )
        .await,
        json!(["1", "Intensive care"]),
        "the form starts from the event"
    );
    let name_fields = script(
        &client,
        "return document.querySelectorAll('#session-form input[name*=name], #session-form textarea').length;",
    )
    .await;
    assert_eq!(name_fields, json!(0), "the session form has no name field");
    wait_for(&client, "#session-kind")
        .await
        .select_by_value("debrief")
        .await
        .expect("kind");
    set_value(&client, "#session-headcount", "5").await;
    set_value(&client, "#session-form input[data-role='Nurse']", "8").await;
    set_value(&client, "#session-form input[data-role='Physician']", "2").await;
    wait_until_contains(&client, "#session-roles-noted", "10 people of 5").await;
    wait_for(&client, "#session-facilitator-pick")
        .await
        .select_by_value("1")
        .await
        .expect("a facilitator");
    wait_until_contains(&client, "#session-facilitator-list", "Ana Lima").await;
    set_value(&client, "#session-duration", "45").await;
    click_on(&client, "#session-follow_up_offered").await;
    click_on(&client, "#session-save").await;
    wait_until_contains(
        &client,
        "#session-roles-error",
        "more than the headcount of 5",
    )
    .await;
    both_themes(&client, "94-session-form-refused").await;
    set_value(&client, "#session-headcount", "12").await;
    wait_until_contains(&client, "#session-roles-noted", "10 people of 12").await;
    click_on(&client, "#session-save").await;
    wait_until_contains(
        &client,
        ".toast",
        "Debrief #1 logged for Intensive care: 12 people",
    )
    .await;

    // Reached in time: nothing waits, the event and the session are listed.
    wait_for(&client, "#group-waiting .empty-state").await;
    let events = text_of(&client, "#group-events tbody").await;
    assert!(events.contains("reached in time"), "{events}");
    let sessions = text_of(&client, "#group-sessions tbody").await;
    assert!(
        sessions.contains("12 people")
            && sessions.contains("8 Nurse")
            && sessions.contains("Ana Lima")
            && sessions.contains("offered"),
        "{sessions}"
    );
    both_themes(&client, "95-group-reached").await;

    // A mistake: logged, then undone from the confirmation.
    click_on(&client, "#new-event").await;
    wait_for(&client, "#event-kind")
        .await
        .select_by_value("assault")
        .await
        .expect("kind");
    wait_for(&client, "#event-unit")
        .await
        .select_by_value("Emergency department")
        .await
        .expect("unit");
    click_on(&client, "#event-save").await;
    wait_for(&client, "#group-waiting li[data-event-id='2']").await;
    click_on(&client, ".toast-action").await;
    wait_until_contains(&client, ".toast", "Event #2 removed").await;
    wait_for(&client, "#group-waiting .empty-state").await;

    // An event with its session stays: Remove says why.
    click_on(&client, "#remove-event-1").await;
    click_on(&client, "#group-confirm").await;
    wait_until_contains(&client, "#group-error", "1 group session was logged for it").await;
    press(&client, &Key::Escape.to_string()).await;

    // The report of this month counts them apart from the outreaches, suppressed.
    click_on(&client, "#nav-reports").await;
    wait_for(&client, "#report-period")
        .await
        .select_by_value("this-month")
        .await
        .expect("this month");
    wait_for(&client, "#report-group").await;
    assert_eq!(
        text_of(&client, "#report-group-people").await,
        "12",
        "12 people reached is no small count"
    );
    assert_eq!(
        text_of(&client, "#report-group-sessions").await,
        "<11",
        "one session is"
    );
    script(
        &client,
        "document.getElementById('report-group').scrollIntoView(); return true;",
    )
    .await;
    both_themes(&client, "96-reports-group-support").await;

    // The target is a setting.
    click_on(&client, "#nav-settings").await;
    wait_for(&client, "#program-event_outreach_hours").await;
    assert_eq!(
        script(
            &client,
            "return document.getElementById('program-event_outreach_hours').value;"
        )
        .await,
        json!("24"),
        "24 hours unless Settings says otherwise"
    );
    client.close().await.expect("close the window");
}
