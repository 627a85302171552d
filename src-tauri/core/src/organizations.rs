//! Organizations: the host program and its partners.

use rusqlite::Connection;
use serde::Serialize;

use crate::error::Result;

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct OrganizationRow {
    pub id: i64,
    pub name: String,
    pub short_name: Option<String>,
    pub brand_color: Option<String>,
    pub is_host: bool,
    pub co_branding: bool,
    pub materials_sent_on: Option<String>,
    pub supporters: i64,
}

/// The host first, then partners by name.
pub fn list(conn: &Connection) -> Result<Vec<OrganizationRow>> {
    let mut statement = conn.prepare_cached(
        "SELECT o.id, o.name, o.short_name, o.brand_color, o.is_host, o.co_branding, o.materials_sent_on,
                (SELECT count(*) FROM supporters s WHERE s.organization_id = o.id AND s.status != 'retired')
         FROM organizations o ORDER BY o.is_host DESC, o.name COLLATE NOCASE",
    )?;
    let rows = statement.query_map([], |r| {
        Ok(OrganizationRow {
            id: r.get(0)?,
            name: r.get(1)?,
            short_name: r.get(2)?,
            brand_color: r.get(3)?,
            is_host: r.get(4)?,
            co_branding: r.get(5)?,
            materials_sent_on: r.get(6)?,
            supporters: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
