//! The report's figures in words, as the committee reads them wherever they go: the committee's
//! questions and group support, each a label, a value and a note that says what it is of or
//! why it is hidden. The committee report PDF prints them in its summary; the de-identified
//! export writes them in its summary (the sidecar file, the XLSX's "Summary" sheet). Both take
//! them from here so that a share never reads one way on paper and another in a file.

use serde::Serialize;

use super::Report;
use crate::reporting::suppression::Cell;

/// What a figure too small to show reads as; its note says why.
pub const HIDDEN_VALUE: &str = "hidden";
/// What a share of nothing reads as (no referral made, no contact rated); its note says so.
pub const NONE_VALUE: &str = "none";

/// What a share without a percent reads as: "none" when there was nothing to count, else
/// "hidden" (its counts are too small to show). The PDF's bars and the figures say the same.
pub fn missing_share(share: &super::indicators::Share) -> &'static str {
    if share.whole.value == Some(0) {
        NONE_VALUE
    } else {
        HIDDEN_VALUE
    }
}

/// A figure: its label, its value, and what the reader should know about it (why it is
/// hidden, what it is of).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Figure {
    pub label: &'static str,
    pub value: String,
    pub note: Option<String>,
}

/// The heading of the committee's questions in the summary.
pub const COMMITTEE_TITLE: &str = "The committee's questions";

/// The committee's questions (`reports::indicators`) as figures: each share with its part and
/// whole, or why it is hidden.
pub fn committee(report: &Report) -> Vec<Figure> {
    let indicators = &report.indicators;
    let days = Figure {
        label: "Business days to first contact (median, 90th percentile)",
        value: indicators
            .first_contact_business_days
            .as_ref()
            .map_or(HIDDEN_VALUE.to_string(), |d| {
                format!("{:.1} / {:.0}", d.median, d.p90)
            }),
        note: indicators.first_contact_business_days.is_none().then(|| {
            format!(
                "Fewer than {} requests had a first contact: hidden to protect privacy.",
                report.threshold
            )
        }),
    };
    std::iter::once(days)
        .chain(indicators.shares.iter().map(|share| Figure {
            label: share.label,
            value: match share.percent {
                Some(p) => format!("{p:.1}% ({} of {})", share.part.text, share.whole.text),
                None => missing_share(share).to_string(),
            },
            note: Some(match &share.not_shown {
                Some(why) => format!("{}: {why}", capitalized(share.of_what)),
                None => capitalized(share.of_what),
            }),
        }))
        .collect()
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The heading of the summary's group support figures.
pub const GROUP_TITLE: &str = "Group support after critical events";

/// Group support's figures: the events, how many were reached within the target, the team
/// sessions and the people they reached; none when the period holds no event and no session.
pub fn group(report: &Report) -> Vec<Figure> {
    let group = &report.group;
    let nothing = |cell: &Cell| cell.value == Some(0) && !cell.hidden;
    if nothing(&group.events) && nothing(&group.sessions) {
        return Vec::new();
    }
    let privacy = format!(
        "Fewer than {}: hidden to protect privacy.",
        report.threshold
    );
    let hidden_note = |cell: &Cell| cell.hidden.then(|| privacy.clone());
    let within = match group.share_in_time {
        Some(share) => Figure {
            label: "Units reached within the outreach target",
            value: format!("{share:.1}%"),
            note: Some(format!(
                "{} events had a huddle, a debrief or an outreach for their unit within their target, counted by day (each event keeps the target it was logged with; {} hours now).",
                group.reached_in_time.text, group.target_hours
            )),
        },
        None => Figure {
            label: "Units reached within the outreach target",
            value: if nothing(&group.events) {
                "none yet"
            } else {
                HIDDEN_VALUE
            }
            .into(),
            note: group.share_not_shown.clone(),
        },
    };
    vec![
        Figure {
            label: "Critical events logged",
            value: group.events.text.clone(),
            note: hidden_note(&group.events),
        },
        within,
        Figure {
            label: "Group sessions (huddles, debriefs, check-ins)",
            value: group.sessions.text.clone(),
            note: hidden_note(&group.sessions),
        },
        Figure {
            label: "People reached in group sessions",
            value: group.people_reached.text.clone(),
            note: Some(match hidden_note(&group.people_reached) {
                Some(note) => note,
                None => "Their headcounts added up, apart from the one-to-one outreaches.".into(),
            }),
        },
    ]
}
