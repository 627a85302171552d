//! Every screen looked at the way a coordinator would, by machine: at 1280x800 and 1920x1080,
//! light and dark, with the `small` demo and with an empty store. On each screen nothing
//! runs past the window (no table wider than its box, no page wider than the window), no
//! message covers a control, Lock stays in sight at the foot of a long page, and axe-core (the npm package, a tool we did not write, injected
//! through WebDriver) finds no serious or critical accessibility violation. Screenshots of
//! each go to the artifacts folder as `80-<screen>-<theme>-<width>.png`.
//!
//! Then the daily loop by keyboard alone: intake, match, confirm and the first contact's
//! outreach, with Tab, Enter, Space and the arrow keys only.

use super::*;

/// The window sizes every screen is looked at in.
const SIZES: [(u32, u32); 2] = [(1280, 800), (1920, 1080)];

/// axe-core's script: `PEERDESK_AXE` names it (scripts/test installs the npm package once).
fn axe_source() -> String {
    let path = std::env::var("PEERDESK_AXE")
        .expect("PEERDESK_AXE names axe-core's axe.min.js (scripts/test installs it with npm)");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read axe-core at {path}: {e}"))
}

/// The serious and critical violations axe-core finds on the screen as it is, each as
/// "rule: what it asks — where".
async fn axe_violations(client: &Client, axe: &str) -> Vec<String> {
    if script(client, "return typeof window.axe === 'object';").await != json!(true) {
        client
            .execute(axe, vec![])
            .await
            .expect("axe-core loads in the window");
    }
    let found = client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             window.axe.run(document, { resultTypes: ['violations'],
                 runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } })
               .then((result) => done(result.violations
                 .filter((v) => v.impact === 'serious' || v.impact === 'critical')
                 .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 4)
                   .map((n) => `${n.target.join(' ')} ${n.failureSummary ?? ''}`.replace(/\\s+/g, ' ')).join(' | ')}`)),
                 (e) => done([`axe-core failed: ${e}`]));",
            vec![],
        )
        .await
        .expect("axe-core runs");
    strings(&found)
}

/// What runs past the window or hides a control on the screen as it is: a page wider than
/// the window, a table wider than its box, a message (toast) over something one can focus,
/// a checkbox too small to see and hit, the Lock button scrolled out of sight.
async fn layout_problems(client: &Client) -> Vec<String> {
    let found = script(
        client,
        "const problems = [];
         const root = document.documentElement;
         const width = root.clientWidth;
         const name = (e) => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}${e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\\s+/).join('.') : ''} “${(e.textContent || e.getAttribute('aria-label') || '').trim().slice(0, 40)}”`;
         if (root.scrollWidth > width + 1) problems.push(`the page is ${root.scrollWidth}px wide in a ${width}px window`);
         for (const table of document.querySelectorAll('#work table')) {
           if (!table.getClientRects().length) continue;
           const box = table.parentElement;
           const wide = table.getBoundingClientRect();
           if (wide.width > box.clientWidth + 1 || wide.right > width + 1) {
             problems.push(`${name(table.querySelector('caption') ?? table)}: the table is ${Math.round(wide.width)}px wide in a ${box.clientWidth}px box`);
           }
         }
         const controls = [...document.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex=\"-1\"])')]
           .filter((e) => !e.closest('.toast') && e.getClientRects().length);
         for (const toast of document.querySelectorAll('.toast')) {
           const t = toast.getBoundingClientRect();
           for (const control of controls) {
             const c = control.getBoundingClientRect();
             if (c.width && c.height && t.left < c.right && c.left < t.right && t.top < c.bottom && c.top < t.bottom) {
               problems.push(`the message “${toast.textContent.trim().slice(0, 50)}” covers ${name(control)}${control === document.activeElement ? ' (focused)' : ''}`);
             }
           }
         }
         for (const box of document.querySelectorAll('input[type=checkbox], input[type=radio]')) {
           const r = box.getBoundingClientRect();
           // Hidden on purpose (the tabs' and segmented choices' own radios): opacity 0.
           if (r.width && getComputedStyle(box).opacity !== '0' && (r.width < 16 || r.height < 16)) {
             problems.push(`${name(box.closest('label') ?? box)}: a box of ${Math.round(r.width)}x${Math.round(r.height)} px, too small to see and hit`);
           }
         }
         const lock = document.getElementById('lock');
         if (lock) {
           // The sidebar stays put however long the page: Lock is in sight at its foot.
           const top = document.scrollingElement.scrollTop;
           document.scrollingElement.scrollTop = document.scrollingElement.scrollHeight;
           const r = lock.getBoundingClientRect();
           if (r.top < 0 || r.bottom > window.innerHeight) problems.push('the Lock button is out of sight at the foot of the page');
           document.scrollingElement.scrollTop = top;
         }
         return problems;",
    )
    .await;
    strings(&found)
}

/// A list of strings a script returned; anything else is a broken check, not a clean screen.
fn strings(found: &serde_json::Value) -> Vec<String> {
    found
        .as_array()
        .unwrap_or_else(|| panic!("the check returns a list: {found}"))
        .iter()
        .map(|v| {
            v.as_str()
                .unwrap_or_else(|| panic!("a finding in words: {v}"))
                .to_owned()
        })
        .collect()
}

/// Shows `route` and waits until it has drawn: the screen before is gone (the router
/// empties the work area), its title is there and nothing says "Loading…" any more.
async fn visit(client: &Client, route: &str) {
    script(
        client,
        &format!(
            "const target = '#/{route}';
             if (location.hash !== target) {{
               document.querySelector('#work > *')?.setAttribute('data-leaving', '');
               location.hash = target;
             }}
             return true;"
        ),
    )
    .await;
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    loop {
        let ready = script(
            client,
            "return !document.querySelector('#work [data-leaving]') && !!document.querySelector('#work #page-title, #work h1')
               && !document.querySelector('#work .loading, #work [aria-busy=\"true\"]');",
        )
        .await;
        if ready == json!(true) {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "#/{route} did not finish drawing"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // The print preview and the charts draw a frame later.
    tokio::time::sleep(Duration::from_millis(400)).await;
}

async fn set_theme(client: &Client, theme: &str) {
    script(
        client,
        &format!("document.documentElement.dataset.theme = '{theme}'; return true;"),
    )
    .await;
}

/// Every screen of `routes` at each size and in each theme: what runs past the window or is
/// covered, and (at the first size) what axe-core finds, gathered as "screen: problem".
async fn look_at_every_screen(
    client: &Client,
    axe: &str,
    routes: &[(String, String)],
    label: &str,
) -> Vec<String> {
    let mut problems = Vec::new();
    for (index, (width, height)) in SIZES.iter().enumerate() {
        client
            .set_window_size(*width, *height)
            .await
            .expect("the window takes the size");
        for theme in ["light", "dark"] {
            set_theme(client, theme).await;
            for (name, route) in routes {
                visit(client, route).await;
                let at = format!("{label}{name} ({theme}, {width}x{height})");
                for problem in layout_problems(client).await {
                    problems.push(format!("{at}: {problem}"));
                }
                if index == 0 {
                    for problem in axe_violations(client, axe).await {
                        problems.push(format!("{at}: {problem}"));
                    }
                }
                screenshot(client, &format!("80-{label}{name}-{theme}-{width}")).await;
            }
        }
    }
    set_theme(client, "light").await;
    problems
}

/// The id in the first element of `css` with a `data-*` attribute `key`.
async fn first_id(client: &Client, css: &str, key: &str) -> String {
    wait_for(client, css).await;
    let value = script(
        client,
        &format!("return document.querySelector('{css}').dataset.{key};"),
    )
    .await;
    value
        .as_str()
        .unwrap_or_else(|| panic!("{css} carries data-{key}: {value}"))
        .to_owned()
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs Xvfb, tauri-driver and WebKitWebDriver: run through scripts/test"]
async fn every_screen_fits_the_window_keeps_messages_clear_and_passes_axe_light_and_dark() {
    let axe = axe_source();
    let (_temp, empty_dir) = initialized_without_keychain();
    let (driver, client) = unlocked_window(4580, &empty_dir).await;
    // First, empty: what a coordinator sees on the first day.
    let empty: Vec<(String, String)> = [
        "dashboard",
        "requests",
        "supporters",
        "outreach",
        "reports",
        "print",
        "settings",
        "about",
    ]
    .iter()
    .map(|route| (route.to_string(), route.to_string()))
    .collect();
    // The checks see what they look for: a table planted wider than the window, and a
    // message planted over the focused button, are both reported.
    client
        .set_window_size(1280, 800)
        .await
        .expect("the window takes the size");
    visit(&client, "dashboard").await;
    script(
        &client,
        "const wide = document.createElement('div');
         wide.id = 'planted';
         wide.className = 'table-scroll';
         const table = wide.appendChild(document.createElement('table'));
         const cell = table.insertRow().insertCell();
         cell.textContent = 'x';
         cell.style.minWidth = '2000px';
         const button = wide.appendChild(document.createElement('button'));
         button.textContent = 'Planted';
         document.getElementById('work').prepend(wide);
         button.focus();
         const toast = document.createElement('div');
         toast.className = 'toast';
         toast.textContent = 'planted message';
         const at = button.getBoundingClientRect();
         Object.assign(toast.style, { position: 'fixed', left: `${at.left}px`, top: `${at.top}px`, width: '200px', height: '40px' });
         document.body.append(toast);
         return true;",
    )
    .await;
    let planted = layout_problems(&client).await.join("\n");
    assert!(
        planted.contains("the table is")
            && planted.contains("covers button")
            && planted.contains("(focused)"),
        "the checks report a planted wide table and a message over the focused control: {planted}"
    );
    script(
        &client,
        "document.getElementById('planted').remove(); document.querySelector('body > .toast').remove(); return true;",
    )
    .await;
    let mut problems = look_at_every_screen(&client, &axe, &empty, "empty-").await;
    client.close().await.expect("close the window");
    drop(driver);

    // Then the `small` demo, in a store of its own (the closed window may take a while to let
    // go of the first one's folder on a loaded machine).
    let (_demo_temp, demo_dir) = initialized_without_keychain();
    let demo = peerdesk(&demo_dir, &NO_KEYCHAIN, &["demo", "--size", "small"]);
    assert!(demo.status.success(), "demo: {}", text(&demo.stderr));
    // The demo's supporter who withdrew consent while a sign still names them.
    let signs = peerdesk(
        &demo_dir,
        &NO_KEYCHAIN,
        &["print", "signs", "--to-reprint", "--json"],
    );
    let signs: serde_json::Value = serde_json::from_slice(&signs.stdout).expect("signs as JSON");
    let withdrew = signs[0]["withdrawn"][0]["id"].to_string();
    let (_driver, client) = unlocked_window(4582, &demo_dir).await;
    let waiting = first_id(&client, "#queue-waiting li[data-request-id]", "requestId").await;
    visit(&client, "requests/list/all").await;
    let matched = script(
        &client,
        "return [...document.querySelectorAll('#request-list tbody tr')].find((row) => /matched|connected|follow-up/.test(row.textContent))?.querySelector('a.request-link')?.getAttribute('href')?.replace('#/', '') ?? null;",
    )
    .await;
    let matched = matched
        .as_str()
        .expect("the demo has a matched request")
        .to_owned();
    visit(&client, "supporters").await;
    let supporter = script(
        &client,
        "return document.querySelector('#work tbody a[href^=\"#/supporters/\"]').getAttribute('href').replace('#/', '');",
    )
    .await;
    visit(&client, "outreach").await;
    let outreach = script(
        &client,
        "return document.querySelector('#work tbody a.row-link').getAttribute('href').replace('#/', '');",
    )
    .await;
    let routes: Vec<(String, String)> = vec![
        ("dashboard".into(), "dashboard".into()),
        ("requests".into(), "requests".into()),
        ("request-intake".into(), "requests/new".into()),
        ("request-page".into(), matched.clone()),
        ("match".into(), format!("requests/{waiting}/match")),
        ("request-import".into(), "requests/import".into()),
        ("outreach-import".into(), "outreach/import".into()),
        ("supporters".into(), "supporters".into()),
        (
            "supporter-page".into(),
            supporter.as_str().expect("the demo has a supporter").into(),
        ),
        ("supporter-form".into(), "supporters/new".into()),
        ("supporters-due".into(), "supporters/due".into()),
        ("supporter-reprint".into(), format!("supporters/{withdrew}")),
        ("outreach".into(), "outreach".into()),
        (
            "outreach-page".into(),
            outreach.as_str().expect("the demo has an outreach").into(),
        ),
        ("outreach-form".into(), "outreach/new".into()),
        ("group".into(), "outreach/events".into()),
        ("event-form".into(), "outreach/events/new".into()),
        ("session-form".into(), "outreach/sessions/new".into()),
        ("reports".into(), "reports".into()),
        ("print".into(), "print".into()),
        ("settings".into(), "settings".into()),
        ("templates".into(), "settings/templates".into()),
        ("audit".into(), "settings/audit".into()),
        ("about".into(), "about".into()),
    ];
    problems.extend(look_at_every_screen(&client, &axe, &routes, "").await);

    // The print preview draws in the PDF's own fonts, each word where the PDF puts it, so no
    // line needs squeezing to end where it ends on paper (squeezing garbled "who does" into
    // "whodoes").
    client
        .set_window_size(1280, 800)
        .await
        .expect("the window takes the size");
    visit(&client, "print").await;
    wait_for(&client, "#print-preview svg.page-preview text").await;
    let drawn = client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             document.fonts.ready.then(() => setTimeout(() => done({
               regular: [...document.fonts].some((f) => f.family.replace(/\"/g, '') === 'PeerDesk Page' && f.status === 'loaded' && ['normal', '400'].includes(f.weight)),
               bold: [...document.fonts].some((f) => f.family.replace(/\"/g, '') === 'PeerDesk Page' && f.status === 'loaded' && ['bold', '700'].includes(f.weight)),
               squeezed: [...document.querySelectorAll('#print-preview text')]
                 .filter((t) => t.hasAttribute('textLength') || Number(t.dataset.narrowed ?? 1) < 0.95).map((t) => t.textContent),
               placed: document.querySelectorAll('#print-preview text tspan').length > 0,
             }), 300));",
            vec![],
        )
        .await
        .expect("the preview's fonts are asked about");
    assert_eq!(
        drawn,
        json!({ "regular": true, "bold": true, "squeezed": [], "placed": true }),
        "the preview draws in the page fonts, each word where the PDF puts it, and squeezes no \
         line (by 5 % at most where one still runs long)"
    );
    click_on(&client, "#print-zoom-100").await;
    screenshot(&client, "86-print-preview-100-percent").await;
    // For a print shop, the preview shows the bleed and the crop marks around the page.
    click_on(&client, "#print-zoom-fit").await;
    click_on(&client, "#print-shop").await;
    wait_until_contains(&client, "#print-status", "for a print shop").await;
    screenshot(&client, "87-print-shop-preview").await;

    // At the foot of a long page the sidebar, and Lock, are still there.
    visit(&client, "dashboard").await;
    script(
        &client,
        "document.scrollingElement.scrollTop = document.scrollingElement.scrollHeight; return true;",
    )
    .await;
    screenshot(&client, "88-dashboard-scrolled-lock-in-sight").await;

    // A message stays clear of the controls: the toast of a saved change sits beside the
    // work, not over it, and does not follow to the next screen. There, the More menu opens
    // over the page, and an action chosen from it asks in the work area; Escape gives the
    // focus back to "More".
    client
        .set_window_size(1280, 800)
        .await
        .expect("the window takes the size");
    visit(&client, "settings").await;
    click_on(&client, "#program-save").await;
    wait_for(&client, ".toast").await;
    for problem in layout_problems(&client).await {
        problems.push(format!("settings after saving: {problem}"));
    }
    screenshot(&client, "81-toast-beside-the-work").await;
    visit(&client, &matched).await;
    if script(
        &client,
        "return document.querySelectorAll('.toast').length;",
    )
    .await
        != json!(0)
    {
        problems.push("a message followed the coordinator to another screen".into());
    }
    click_on(&client, "#more-actions-toggle").await;
    screenshot(&client, "82-request-more-actions").await;
    for problem in layout_problems(&client).await {
        problems.push(format!("request page, More open: {problem}"));
    }
    click_on(&client, "#withdraw-request").await;
    focus_lands_on(&client, "#confirm-action").await;
    assert_eq!(
        script(
            &client,
            "return document.getElementById('more-actions').open;"
        )
        .await,
        json!(false),
        "choosing an action closes the menu"
    );
    press(&client, &Key::Escape.to_string()).await;
    focus_lands_on(&client, "#more-actions-toggle").await;
    assert!(
        problems.is_empty(),
        "{} problems on the screens:\n{}",
        problems.len(),
        problems.join("\n")
    );
    client.close().await.expect("close the window");
}

/// Shift+Tab, then Tab: the focus leaves and comes back by keyboard.
async fn back_and_forth(client: &Client) {
    shift_tab(client).await;
    press(client, &Key::Tab.to_string()).await;
}

/// Presses Enter where the focus is.
async fn enter(client: &Client) {
    press(client, &Key::Enter.to_string()).await;
}

/// What has the focus, in words for a failure message.
async fn focused(client: &Client) -> String {
    script(
        client,
        "const e = document.activeElement; return e ? `${e.tagName.toLowerCase()}#${e.id} “${(e.textContent || e.value || '').trim().slice(0, 40)}”` : 'nothing';",
    )
    .await
    .as_str()
    .unwrap_or_default()
    .to_owned()
}

/// Presses Tab until the control `css` has the focus (at most 80 times), and checks that the
/// focus shows there: it is :focus-visible with an outline.
async fn tab_to(client: &Client, css: &str) {
    let has_focus = format!(
        "return !!document.activeElement && document.activeElement.matches({});",
        json!(css)
    );
    let mut pressed = false;
    for _ in 0..80 {
        if script(client, &has_focus).await == json!(true) {
            if !pressed {
                // Focused already, by the screen itself: come back to it by keyboard, so that
                // what is checked is the focus a Tab gives.
                back_and_forth(client).await;
                pressed = true;
                continue;
            }
            let shown = script(
                client,
                "const e = document.activeElement; return e.matches(':focus-visible') && getComputedStyle(e).outlineStyle !== 'none';",
            )
            .await;
            assert_eq!(shown, json!(true), "the focus on {css} is visible");
            return;
        }
        press(client, &Key::Tab.to_string()).await;
        pressed = true;
    }
    panic!(
        "Tab never reached {css}; the focus is on {}",
        focused(client).await
    );
}

/// Waits until the focus is on `css` (a screen that puts it there once it is drawn).
async fn focus_lands_on(client: &Client, css: &str) {
    let has_focus = format!(
        "return !!document.activeElement && document.activeElement.matches({});",
        json!(css)
    );
    for _ in 0..150 {
        if script(client, &has_focus).await == json!(true) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!(
        "the focus never came to {css}; it is on {}",
        focused(client).await
    );
}

/// Tabs to the <select> `css` and picks `value` by typing the start of its words, as one does
/// in a closed list.
async fn choose_by_typing(client: &Client, css: &str, typed: &str, value: &str) {
    tab_to(client, css).await;
    press(client, typed).await;
    let chosen = script(client, "return document.activeElement.value;").await;
    assert_eq!(
        chosen,
        json!(value),
        "typing {typed:?} in {css} chooses {value}"
    );
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs Xvfb, tauri-driver and WebKitWebDriver: run through scripts/test"]
async fn intake_match_confirm_and_outreach_by_keyboard_alone() {
    let (temp, data_dir) = initialized_without_keychain();
    add_organizations_and_roster(
        temp.path(),
        &data_dir,
        "Bo Chen,Nurse,Medicine,Lakeside Clinic,bo@lakeside.org,2024-03-01\n\
         Cy Diaz,Physician,Surgery,Lakeside Clinic,cy@lakeside.org,2024-03-01\n",
    );
    let (_driver, client) = unlocked_window(4586, &data_dir).await;

    // Intake: from the sidebar to the form, every field by Tab and typing.
    tab_to(&client, "#nav-requests").await;
    enter(&client).await;
    wait_for(&client, "#new-request").await;
    tab_to(&client, "#new-request").await;
    enter(&client).await;
    wait_for(&client, "#request-role").await;
    choose_by_typing(&client, "#request-preferred_mode", "Phone", "phone").await;
    choose_by_typing(&client, "#request-referred_by", "Peer", "peer").await;
    choose_by_typing(&client, "#request-role", "Nurse", "Nurse").await;
    choose_by_typing(
        &client,
        "#request-department",
        "Emergency",
        "Emergency department",
    )
    .await;
    choose_by_typing(
        &client,
        "#request-organization",
        "Riverside",
        "Riverside Health",
    )
    .await;
    tab_to(&client, "#request-issue_types input[value='Patient death']").await;
    press(&client, " ").await;
    tab_to(&client, "#request-save").await;
    screenshot(&client, "83-keyboard-intake").await;
    enter(&client).await;

    // The request's page puts the focus on its next step: finding a match.
    focus_lands_on(&client, "#find-match").await;
    enter(&client).await;

    // The candidates, best first: the arrow keys move, Enter chooses, Enter confirms.
    focus_lands_on(&client, "li.candidate").await;
    let first = focused(&client).await;
    press(&client, &Key::Down.to_string()).await;
    assert_ne!(
        focused(&client).await,
        first,
        "Down moves to the next candidate"
    );
    press(&client, &Key::Up.to_string()).await;
    enter(&client).await;
    focus_lands_on(&client, "#confirm-match").await;
    screenshot(&client, "84-keyboard-confirm").await;
    enter(&client).await;

    // Matched: the page's next step is logging the first contact; its form saves by keyboard.
    focus_lands_on(&client, "#log-outreach").await;
    enter(&client).await;
    wait_for(&client, "#outreach-no-names").await;
    tab_to(&client, "#outreach-save").await;
    screenshot(&client, "85-keyboard-outreach").await;
    enter(&client).await;
    wait_for(&client, "#request-follow-ups li").await;
    let history = text_of(&client, "#request-history").await;
    assert!(
        history.contains("connected"),
        "the request is connected, all by keyboard: {history}"
    );
    client.close().await.expect("close the window");
}
