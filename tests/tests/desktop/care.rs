//! Care of the supporters in the real window: a supporter set resting from their page is left
//! out of matching with the reason shown and listed under *Resting*; withdrawing their consent
//! in the form lists the printed sign that still names them, and *Reprint* opens Print on it.

use std::path::Path;

use chrono::Duration;
use fantoccini::{Client, Locator};
use serde_json::json;

use super::{
    add_organizations_and_roster, click_on, initialized_without_keychain, peerdesk, screenshot,
    script, text, text_of, unlocked_window, wait_for, wait_until_contains, NO_KEYCHAIN,
};

/// Runs a CLI command on the store before the window opens it; returns its stdout.
fn cli(data_dir: &Path, args: &[&str]) -> String {
    let done = peerdesk(data_dir, &NO_KEYCHAIN, args);
    assert!(done.status.success(), "{args:?}: {}", text(&done.stderr));
    text(&done.stdout)
}

/// The id the roster gives `name`.
fn supporter_id(data_dir: &Path, name: &str) -> String {
    let roster: serde_json::Value =
        serde_json::from_str(&cli(data_dir, &["supporters", "list", "--json"])).expect("JSON");
    roster
        .as_array()
        .expect("array")
        .iter()
        .find(|s| s["name"] == name)
        .map(|s| s["id"].to_string())
        .expect("supporter listed")
}

/// Both themes of what is on screen, named `<name>-light` and `<name>-dark`.
async fn both_themes(client: &Client, name: &str) {
    for theme in ["light", "dark"] {
        script(
            client,
            &format!("document.documentElement.dataset.theme = '{theme}'; return true;"),
        )
        .await;
        screenshot(client, &format!("{name}-{theme}")).await;
    }
    script(
        client,
        "document.documentElement.dataset.theme = 'light'; return true;",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs Xvfb, tauri-driver and WebKitWebDriver: run through scripts/test"]
async fn a_resting_supporter_is_left_out_of_matching_and_a_withdrawn_consent_offers_the_reprint() {
    let (temp, data_dir) = initialized_without_keychain();
    let trained = (peerdesk_core::clock::today() - Duration::days(90)).to_string();
    add_organizations_and_roster(
        temp.path(),
        &data_dir,
        &format!(
            "Ana Lima,Nurse,Intensive care,Lakeside Clinic,ana@lakeside.org,{trained}\n\
             Bo Chen,Nurse,Intensive care,Lakeside Clinic,bo@lakeside.org,{trained}\n"
        ),
    );
    let ana = supporter_id(&data_dir, "Ana Lima");
    let bo = supporter_id(&data_dir, "Bo Chen");
    cli(&data_dir, &["supporters", "consent", &ana, "--give"]);
    cli(&data_dir, &["supporters", "consent", &bo, "--give"]);
    let sign = temp.path().join("icu-sign.pdf");
    cli(
        &data_dir,
        &[
            "print",
            "sign",
            "--department",
            "Intensive care",
            "--out",
            &sign.display().to_string(),
        ],
    );
    let request = cli(
        &data_dir,
        &[
            "requests",
            "add",
            "--role",
            "nurse",
            "--organization",
            "Riverside Health",
            "--department",
            "Emergency department",
        ],
    )
    .trim()
    .to_string();

    let (_driver, client) = unlocked_window(4730, &data_dir).await;

    // Rest from the supporter's page: the date after a click, then Rest.
    script(
        &client,
        &format!("location.hash = '#/supporters/{ana}'; return true;"),
    )
    .await;
    click_on(&client, "#rest-supporter").await;
    let until = (peerdesk_core::clock::today() + Duration::days(14)).to_string();
    script(
        &client,
        &format!("document.getElementById('rest-until').value = '{until}'; return true;"),
    )
    .await;
    click_on(&client, "#rest-confirm").await;
    client
        .wait()
        .at_most(std::time::Duration::from_secs(30))
        .for_element(Locator::XPath(
            "//header//*[contains(@class,'badge-resting')][contains(., 'resting until')]",
        ))
        .await
        .expect("the page says resting until …");
    let care = text_of(&client, "#supporter-care").await;
    assert!(
        care.contains("Resting"),
        "the care card shows the rest: {care}"
    );
    both_themes(&client, "60-supporter-resting").await;

    // The roster's Resting view lists her, and only her.
    script(&client, "location.hash = '#/supporters'; return true;").await;
    click_on(&client, "#roster-view-resting").await;
    wait_until_contains(&client, "#roster-view-resting", "(1)").await;
    let rows = wait_until_contains(&client, "table tbody", "Ana Lima").await;
    assert!(
        !rows.contains("Bo Chen"),
        "the Resting view lists only who rests: {rows}"
    );
    both_themes(&client, "61-roster-resting").await;

    // Matching leaves her out and says why, by name.
    script(
        &client,
        &format!("location.hash = '#/requests/{request}/match'; return true;"),
    )
    .await;
    wait_for(&client, "#candidates").await;
    let excluded =
        wait_until_contains(&client, "#match-excluded", "1 resting (Ana Lima until").await;
    assert!(
        excluded.contains("Not eligible"),
        "the reason is shown: {excluded}"
    );
    let offered = text_of(&client, "#candidates").await;
    assert!(
        offered.contains("Bo Chen") && !offered.contains("Ana Lima"),
        "the resting supporter is not offered: {offered}"
    );
    both_themes(&client, "62-match-resting").await;

    // Withdraw her consent in the form: her page lists the sign that still names her.
    script(
        &client,
        &format!("location.hash = '#/supporters/{ana}/edit'; return true;"),
    )
    .await;
    let consent = wait_for(&client, "#f-consent_to_list").await;
    assert_eq!(
        script(
            &client,
            "return document.getElementById('f-resting_until').value;"
        )
        .await,
        json!(until),
        "the form shows the rest"
    );
    consent.click().await.expect("untick consent");
    click_on(&client, "#save-supporter").await;
    let reprint =
        wait_until_contains(&client, "#reprint-signs", "A printed sign still names them").await;
    assert!(
        reprint.contains("Intensive care") && reprint.contains("2 named"),
        "the sign on the wall, with who it named: {reprint}"
    );
    both_themes(&client, "63-supporter-reprint").await;

    // Reprint: Print opens on that sign, with only Bo named now.
    let button = wait_for(&client, "#reprint-signs a.button-link").await;
    let focused = script(
        &client,
        "return document.activeElement && document.activeElement.closest('#reprint-signs') !== null;",
    )
    .await;
    assert_eq!(focused, json!(true), "the reprint takes the keyboard focus");
    button.click().await.expect("reprint");
    wait_for(&client, "#print-sign-options:not([hidden])").await;
    assert_eq!(
        script(
            &client,
            "return document.getElementById('print-department').value;"
        )
        .await,
        json!("Intensive care"),
        "the sign's department is chosen"
    );
    let notice = text_of(&client, "#print-reprints").await;
    assert!(
        notice.contains("Ana Lima"),
        "Print lists the sign waiting for its reprint: {notice}"
    );
    wait_for(&client, "#print-preview[data-document=sign] #print-page-1").await;
    let mut drawn = String::new();
    for _ in 0..100 {
        drawn = script(
            &client,
            "return document.getElementById('print-preview').textContent;",
        )
        .await
        .as_str()
        .unwrap_or_default()
        .to_string();
        if drawn.contains("Bo Chen") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(
        drawn.contains("Bo Chen") && !drawn.contains("Ana Lima"),
        "the reprint names only who consents now: {drawn}"
    );
    both_themes(&client, "64-print-reprint").await;

    // End the rest from her page.
    script(
        &client,
        &format!("location.hash = '#/supporters/{ana}'; return true;"),
    )
    .await;
    click_on(&client, "#end-rest").await;
    wait_for(&client, "#rest-supporter").await;
    let _ = client.close().await;
}
