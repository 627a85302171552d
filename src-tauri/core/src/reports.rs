//! Reports: counts that may leave the coordinator's screen, so small ones are hidden.
//! Every count from 1 to threshold-1 shows as "<threshold"; zero stays zero.

use rusqlite::Connection;
use serde::Serialize;

use crate::error::Result;

/// The program's threshold (counts below it are suppressed), from settings; 11 by default.
pub fn threshold(conn: &Connection) -> Result<i64> {
    let value: Option<String> = conn
        .query_row(
            "SELECT value FROM settings WHERE key = 'suppression_threshold'",
            [],
            |r| r.get(0),
        )
        .ok();
    Ok(value
        .and_then(|v| v.parse().ok())
        .filter(|t| *t >= 2)
        .unwrap_or(11))
}

/// A count as it may be shown: exact, or "<threshold" for a small non-zero count.
pub fn suppressed(count: i64, threshold: i64) -> String {
    if count > 0 && count < threshold {
        format!("<{threshold}")
    } else {
        count.to_string()
    }
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct YearRow {
    pub year: String,
    pub requests: String,
    pub outreaches: String,
}

/// Requests received and outreaches logged per calendar year, newest first. There is no
/// total row, so hiding a small cell cannot be undone by subtraction.
pub fn by_year(conn: &Connection) -> Result<Vec<YearRow>> {
    let threshold = threshold(conn)?;
    let mut statement = conn.prepare_cached(
        "WITH years AS (
            SELECT substr(received_at, 1, 4) AS year, count(*) AS requests, 0 AS outreaches FROM requests GROUP BY 1
            UNION ALL
            SELECT substr(occurred_on, 1, 4), 0, count(*) FROM outreaches GROUP BY 1)
         SELECT year, sum(requests), sum(outreaches) FROM years GROUP BY year ORDER BY year DESC",
    )?;
    let rows = statement.query_map([], |r| {
        Ok(YearRow {
            year: r.get(0)?,
            requests: suppressed(r.get(1)?, threshold),
            outreaches: suppressed(r.get(2)?, threshold),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_counts_hide_and_zero_stays_zero() {
        assert_eq!(suppressed(0, 11), "0");
        assert_eq!(suppressed(1, 11), "<11");
        assert_eq!(suppressed(10, 11), "<11");
        assert_eq!(suppressed(11, 11), "11");
    }
}
