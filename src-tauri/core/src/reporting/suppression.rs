//! Small-number suppression for every count that leaves the coordinator's screen.
//!
//! Primary suppression hides each count from 1 to threshold − 1 ("<11"); zero stays zero.
//! Complementary suppression then hides more, because a hidden cell can be computed back from
//! a total: in any line of a table (a row with its total, a column with its total, the totals
//! with the grand total) where exactly one entry is hidden, the smallest other non-zero entry
//! is hidden too — an inner cell if there is one, else the total. This repeats until no line
//! has exactly one hidden entry, so no hidden count can be derived by subtraction.

use serde::Serialize;

/// A table of counts and the lines (sums) that relate them: each line lists entry indexes,
/// its total last. Entries may be inner cells or totals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub values: Vec<i64>,
    pub lines: Vec<Vec<usize>>,
    /// Which entries are totals (hidden only when nothing else in the line can be).
    pub totals: Vec<bool>,
}

impl Table {
    /// A list of counts with their total (the total is the last entry).
    pub fn one_way(counts: &[i64]) -> Table {
        Table::one_way_with_total(counts, counts.iter().sum())
    }

    /// A list of counts whose total is not their sum (outreaches can have several issue
    /// types): treated as if it were, which can only hide more, never less.
    pub fn one_way_with_total(counts: &[i64], total: i64) -> Table {
        let n = counts.len();
        let mut values = counts.to_vec();
        values.push(total);
        let mut totals = vec![false; n];
        totals.push(true);
        Table {
            values,
            lines: vec![(0..=n).collect()],
            totals,
        }
    }

    /// A rows × columns table with row totals, column totals and the grand total. Entry
    /// `r * (cols + 1) + c` is cell (r, c); column `cols` holds row totals, row `rows` column
    /// totals.
    pub fn two_way(cells: &[Vec<i64>]) -> Table {
        let rows = cells.len();
        let cols = cells.first().map_or(0, Vec::len);
        let width = cols + 1;
        let mut values = vec![0; (rows + 1) * width];
        let mut totals = vec![false; (rows + 1) * width];
        for (r, row) in cells.iter().enumerate() {
            for (c, value) in row.iter().enumerate().take(cols) {
                values[r * width + c] = *value;
                values[r * width + cols] += value;
                values[rows * width + c] += value;
                values[rows * width + cols] += value;
            }
            totals[r * width + cols] = true;
        }
        for c in 0..=cols {
            totals[rows * width + c] = true;
        }
        let mut lines = Vec::new();
        for r in 0..=rows {
            lines.push((0..=cols).map(|c| r * width + c).collect());
        }
        for c in 0..=cols {
            lines.push((0..=rows).map(|r| r * width + c).collect());
        }
        Table {
            values,
            lines,
            totals,
        }
    }
}

/// Which entries of `table` are hidden at `threshold` (counts below it are small).
pub fn hide(table: &Table, threshold: i64) -> Vec<bool> {
    let mut hidden: Vec<bool> = table
        .values
        .iter()
        .map(|v| *v > 0 && *v < threshold)
        .collect();
    loop {
        let mut changed = false;
        for line in &table.lines {
            let hidden_in_line = line.iter().filter(|i| hidden[**i]).count();
            if hidden_in_line != 1 {
                continue;
            }
            // The smallest non-zero visible entry, inner cells before the total.
            let partner = line
                .iter()
                .copied()
                .filter(|i| !hidden[*i] && table.values[*i] > 0)
                .min_by_key(|i| (table.totals[*i], table.values[*i], *i));
            if let Some(partner) = partner {
                hidden[partner] = true;
                changed = true;
            }
        }
        if !changed {
            return hidden;
        }
    }
}

/// One count as it may be shown.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Cell {
    /// The exact count: only in the coordinator's own view, or when not hidden.
    pub value: Option<i64>,
    /// What to print: the count, or "<11" when hidden.
    pub text: String,
    /// Suppressed for anything that leaves the screen.
    pub hidden: bool,
}

impl Cell {
    pub fn new(value: i64, hidden: bool, threshold: i64, coordinator_view: bool) -> Cell {
        let shown = !hidden || coordinator_view;
        Cell {
            value: shown.then_some(value),
            text: if shown {
                value.to_string()
            } else {
                format!("<{threshold}")
            },
            hidden,
        }
    }

    /// A share of `total` in percent, hidden when either count is.
    pub fn share(&self, total: &Cell) -> Option<f64> {
        match (self.value, total.value) {
            (Some(part), Some(whole)) if whole > 0 && !self.hidden && !total.hidden => {
                Some((part as f64 * 1000.0 / whole as f64).round() / 10.0)
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every hidden entry must be unrecoverable: in each line, never exactly one hidden.
    fn assert_no_line_reveals(table: &Table, hidden: &[bool]) {
        for line in &table.lines {
            let count = line.iter().filter(|i| hidden[**i]).count();
            assert_ne!(
                count, 1,
                "line {line:?} of {:?} hides only one entry: {hidden:?}",
                table.values
            );
        }
    }

    #[test]
    fn a_single_small_count_beside_a_total_takes_another_cell_with_it() {
        // Naive suppression hides only the 4; 60 − 30 − 26 = 4 gives it back.
        let table = Table::one_way(&[30, 26, 4]);
        let hidden = hide(&table, 11);
        assert_eq!(
            hidden,
            [false, true, true, false],
            "the 26 goes with the 4; the total stays"
        );
        assert_no_line_reveals(&table, &hidden);
    }

    #[test]
    fn zeros_stay_visible_and_a_lone_count_takes_the_total() {
        let table = Table::one_way(&[0, 7, 0]);
        let hidden = hide(&table, 11);
        assert_eq!(
            hidden,
            [false, true, false, true],
            "the lone 7 is hidden with the total; the zeros stay visible"
        );
        let table = Table::one_way(&[0, 0, 0]);
        assert_eq!(
            hide(&table, 11),
            [false; 4],
            "nothing is hidden when every count is zero"
        );
    }

    #[test]
    fn two_small_counts_hide_each_other() {
        let table = Table::one_way(&[50, 3, 5]);
        assert_eq!(
            hide(&table, 11),
            [false, true, true, false],
            "the 3 and the 5 hide each other; the 50 and the total stay"
        );
    }

    #[test]
    fn a_two_way_table_never_lets_a_row_or_column_total_give_a_cell_back() {
        // Naive: only the 2 hidden; its row total (2 + 40 = 42) and its column total give it back.
        let cells = vec![vec![2, 40], vec![30, 50], vec![25, 35]];
        let table = Table::two_way(&cells);
        let hidden = hide(&table, 11);
        assert!(hidden[0], "the 2");
        assert_no_line_reveals(&table, &hidden);
        assert!(
            !hidden[table.values.len() - 1],
            "the grand total stays visible"
        );
        assert_eq!(
            hidden.iter().filter(|h| **h).count(),
            4,
            "a 2×2 rectangle: the least hidden"
        );
    }

    #[test]
    fn random_tables_never_reveal_a_hidden_cell() {
        let mut seed = 17_u64;
        let mut next = |below: u64| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            (seed >> 33) % below
        };
        for _ in 0..500 {
            let rows = 1 + next(5) as usize;
            let cols = 1 + next(5) as usize;
            let cells: Vec<Vec<i64>> = (0..rows)
                .map(|_| (0..cols).map(|_| next(30) as i64).collect())
                .collect();
            let table = Table::two_way(&cells);
            let hidden = hide(&table, 11);
            assert_no_line_reveals(&table, &hidden);
            for (value, hidden) in table.values.iter().zip(&hidden) {
                if *value > 0 && *value < 11 {
                    assert!(hidden, "small counts are always hidden");
                }
                if *value == 0 {
                    assert!(!hidden, "zero stays zero");
                }
            }
        }
    }

    #[test]
    fn a_share_of_a_hidden_count_is_hidden_too() {
        let shown = Cell::new(40, false, 11, false);
        let total = Cell::new(50, false, 11, false);
        assert_eq!(
            shown.share(&total),
            Some(80.0),
            "40 of 50 is an 80 percent share"
        );
        let small = Cell::new(4, true, 11, false);
        assert_eq!(small.text, "<11", "a hidden small count is shown as <11");
        assert_eq!(small.value, None, "a hidden small count carries no value");
        assert_eq!(small.share(&total), None, "a hidden count has no share");
        let coordinator = Cell::new(4, true, 11, true);
        assert_eq!(
            (coordinator.text.as_str(), coordinator.hidden),
            ("4", true),
            "the coordinator sees the exact count, still marked hidden"
        );
        assert_eq!(
            coordinator.share(&total),
            None,
            "hidden stays hidden in derived numbers"
        );
    }
}
