//! When things happen: a record's schedule (a date, a range of dates, or a day of the lunar
//! calendar every year) and its occurrences in the years a site shows. Pure functions of dates;
//! [`lunar`] converts between the Vietnamese lunar calendar and the Gregorian one.

pub mod lunar;

use chrono::{Datelike, Days, NaiveDate};

use crate::calendar::lunar::{LunarDate, month_days};

/// When a record happens, as the editor wrote it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Schedule {
    /// One day.
    Date(NaiveDate),
    /// From one day to another, both included.
    Range { start: NaiveDate, end: NaiveDate },
    /// Every year on a day of the lunar calendar, for `days` days.
    Lunar {
        day: u8,
        month: u8,
        /// In the leap month of that number (only in years that have one).
        leap: bool,
        days: u32,
    },
}

/// The years a site shows: `[calendar] from` and `years` in `site.toml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Window {
    pub first_year: i32,
    pub years: u32,
}

impl Window {
    pub fn last_year(&self) -> i32 {
        self.first_year + self.years.max(1) as i32 - 1
    }

    fn contains(&self, date: NaiveDate) -> bool {
        (self.first_year..=self.last_year()).contains(&date.year())
    }
}

/// One time a record happens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Occurrence {
    pub start: NaiveDate,
    /// The last day, included (the same as `start` for one day).
    pub end: NaiveDate,
    /// The lunar date of the first day, for a lunar schedule.
    pub lunar: Option<LunarDate>,
}

/// The occurrences of a schedule that start in the window, in order, and the lunar years in
/// which the 30th of the month does not exist (that month has 29 days): the occurrence is then
/// on the 29th, the month's last day, as families do for the eve of Tết (30 tháng Chạp).
pub fn occurrences(schedule: &Schedule, window: &Window) -> (Vec<Occurrence>, Vec<i32>) {
    let mut found = Vec::new();
    let mut moved = Vec::new();
    match *schedule {
        Schedule::Date(day) => found.push(Occurrence {
            start: day,
            end: day,
            lunar: None,
        }),
        Schedule::Range { start, end } => found.push(Occurrence {
            start,
            end,
            lunar: None,
        }),
        Schedule::Lunar {
            day,
            month,
            leap,
            days,
        } => {
            // A lunar year starts in January or February, so its 11th and 12th months fall in
            // the next Gregorian year: look one year before the window too.
            for year in window.first_year - 1..=window.last_year() {
                let Some((first, length)) = month_days(year, month, leap) else {
                    continue;
                };
                let actual = day.min(length);
                if actual < day {
                    moved.push(year);
                }
                let start = first + Days::new(u64::from(actual) - 1);
                let lunar = LunarDate {
                    year,
                    month,
                    day: actual,
                    leap,
                };
                found.push(Occurrence {
                    start,
                    end: start + Days::new(u64::from(days.max(1)) - 1),
                    lunar: Some(lunar),
                });
            }
        }
    }
    found.retain(|occurrence| window.contains(occurrence.start));
    moved.retain(|year| {
        found
            .iter()
            .any(|occurrence| occurrence.lunar.is_some_and(|l| l.year == *year))
    });
    (found, moved)
}

/// The first occurrence that has not ended on `today`.
pub fn next(occurrences: &[Occurrence], today: NaiveDate) -> Option<&Occurrence> {
    occurrences
        .iter()
        .find(|occurrence| occurrence.end >= today)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    const WINDOW: Window = Window {
        first_year: 2026,
        years: 3,
    };

    #[test]
    fn a_lunar_schedule_gives_one_occurrence_a_year() {
        let sinh = Schedule::Lunar {
            day: 10,
            month: 1,
            leap: false,
            days: 1,
        };
        let (found, moved) = occurrences(&sinh, &WINDOW);
        let starts: Vec<NaiveDate> = found.iter().map(|o| o.start).collect();
        // Tết falls on 17 February 2026, 6 February 2027 and 26 January 2028.
        assert_eq!(
            starts,
            [ymd(2026, 2, 26), ymd(2027, 2, 15), ymd(2028, 2, 4)]
        );
        assert!(moved.is_empty());
    }

    #[test]
    fn late_lunar_months_fall_in_the_next_gregorian_year() {
        // The 23rd of the 12th month of lunar year 2025 is in February 2026.
        let kitchen_gods = Schedule::Lunar {
            day: 23,
            month: 12,
            leap: false,
            days: 1,
        };
        let (found, _) = occurrences(&kitchen_gods, &WINDOW);
        assert_eq!(found[0].start.year(), 2026);
        assert_eq!(found[0].lunar.map(|l| l.year), Some(2025));
        assert_eq!(found.len(), 3);
    }

    #[test]
    fn the_30th_of_a_short_month_moves_to_the_29th() {
        let eve = Schedule::Lunar {
            day: 30,
            month: 12,
            leap: false,
            days: 1,
        };
        let (found, moved) = occurrences(&eve, &WINDOW);
        for occurrence in &found {
            // Whatever the month's length, the eve is the day before Tết.
            let tet = lunar::to_gregorian(LunarDate {
                year: occurrence.lunar.unwrap().year + 1,
                month: 1,
                day: 1,
                leap: false,
            })
            .unwrap();
            assert_eq!(occurrence.start + Days::new(1), tet);
        }
        let short: Vec<i32> = found
            .iter()
            .filter(|o| o.lunar.unwrap().day == 29)
            .map(|o| o.lunar.unwrap().year)
            .collect();
        assert_eq!(moved, short);
    }

    #[test]
    fn ranges_and_days_outside_the_window_are_left_out() {
        let old = Schedule::Date(ymd(2022, 6, 1));
        assert!(occurrences(&old, &WINDOW).0.is_empty());
        let festival = Schedule::Range {
            start: ymd(2026, 6, 6),
            end: ymd(2026, 6, 11),
        };
        let (found, _) = occurrences(&festival, &WINDOW);
        assert_eq!(found[0].end, ymd(2026, 6, 11));
        assert_eq!(next(&found, ymd(2026, 6, 11)), found.first());
        assert_eq!(next(&found, ymd(2026, 6, 12)), None);
    }
}
