//! The message template renderer on arbitrary template text, against a fixed store holding
//! one request and two supporters.
//!
//! Input: the first byte chooses the template kind (`byte % 4`: acknowledgement,
//! introduction, follow-up, meeting reminder) and the context (`byte / 4 % 4`: bit 0 the
//! request, bit 1 the supporter); the rest (UTF-8, invalid bytes replaced) is the subject up
//! to the first line break and the body after it. So `L` is an acknowledgement with both.
//!
//! Beyond "never panics": the live preview (`render_text`) and saving agree on which texts
//! are acceptable; a saved template always renders (no placeholder is left unknown); every
//! placeholder reported missing is a known one; the `mailto:` draft is fully encoded.
//!
//! Every `expect` here is an assertion: a panic is how a fuzz target reports a finding.

#![no_main]

use std::cell::OnceCell;

use libfuzzer_sys::fuzz_target;
use peerdesk_core::daily::requests::{self, RequestForm};
use peerdesk_core::daily::templates::{self, Kind, Rendered, PLACEHOLDERS};
use peerdesk_fuzz::{now, store, today};
use rusqlite::Connection;

/// The store, the request's id and a supporter's id.
struct Context {
    conn: Connection,
    request: i64,
    supporter: i64,
}

thread_local! {
    static CONTEXT: OnceCell<Context> = const { OnceCell::new() };
}

fn build_context() -> Context {
    let conn = store();
    let request = requests::add(
        &conn,
        &RequestForm {
            received_at: "2026-11-20T16:30".into(),
            channel: "phone".into(),
            requester_name: "Riley Requester".into(),
            requester_contact: "riley@example.org".into(),
            preferred_mode: "Phone".into(),
            role: "nurse".into(),
            department: "Emergency department".into(),
            organization: "Host Hospital".into(),
            referred_by: "self".into(),
            issue_types: vec!["Patient death".into(), "burnout".into()],
            note: "Rough night shift; prefers mornings.".into(),
            ..RequestForm::default()
        },
        now(),
    )
    .expect("the request of the fixed context");
    let supporter = conn
        .query_row(
            "SELECT id FROM supporters ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .expect("a supporter of the fixed context");
    Context {
        conn,
        request,
        supporter,
    }
}

fn check_rendered(rendered: &Rendered) {
    for name in &rendered.missing {
        assert!(
            PLACEHOLDERS
                .iter()
                .any(|(known, _)| *known == name.as_str()),
            "an unknown placeholder {name:?} was rendered: {rendered:?}"
        );
    }
    assert!(
        rendered.mailto.starts_with("mailto:")
            && rendered.mailto.bytes().all(|b| b.is_ascii_graphic()),
        "the mail draft is not fully encoded: {:?}",
        rendered.mailto
    );
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, text)) = data.split_first() else {
        return;
    };
    let kind = Kind::ALL[usize::from(selector % 4)];
    let with_request = (selector / 4) & 1 != 0;
    let with_supporter = (selector / 4) & 2 != 0;
    let text = String::from_utf8_lossy(text);
    let text: &str = &text;
    let (subject, body) = text.split_once('\n').unwrap_or((text, ""));

    CONTEXT.with(|cell| {
        let context = cell.get_or_init(build_context);
        let conn = &context.conn;
        let request = with_request.then_some(context.request);
        let supporter = with_supporter.then_some(context.supporter);

        let previewed =
            templates::render_text(conn, kind, subject, body, request, supporter, today());
        if let Ok(rendered) = &previewed {
            check_rendered(rendered);
        }

        let saved = templates::save(conn, kind, subject, body);
        assert_eq!(
            saved.is_ok(),
            previewed.is_ok(),
            "saving and the live preview disagree: save {saved:?}, preview {previewed:?}"
        );
        if saved.is_ok() {
            let rendered = templates::render(conn, kind, request, supporter, today())
                .expect("a saved template renders");
            check_rendered(&rendered);
        }
    });
});
