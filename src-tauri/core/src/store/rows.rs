//! Small helpers for reading rows, shared by every area's queries.

/// A list's limit as SQLite's LIMIT takes it: 0 means no limit (-1).
pub fn sql_limit(limit: u32) -> i64 {
    if limit == 0 {
        -1
    } else {
        i64::from(limit)
    }
}

/// A list SQLite joined with `group_concat(…, '|')`, split again (none gives an empty list).
pub fn split_list(joined: Option<String>) -> Vec<String> {
    joined
        .map(|j| j.split('|').map(str::to_string).collect())
        .unwrap_or_default()
}

/// A text column of `row`, borrowed from it (no copy: reports and the export read hundreds
/// of thousands of rows); `None` for NULL, an error for a value that is not text.
pub fn optional_text<'r>(
    row: &'r rusqlite::Row<'_>,
    i: usize,
) -> rusqlite::Result<Option<&'r str>> {
    row.get_ref(i)?.as_str_or_null().map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, e.into())
    })
}
