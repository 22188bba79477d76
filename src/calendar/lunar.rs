//! The Vietnamese lunisolar calendar (âm lịch), computed for UTC+7.
//!
//! The rules, as Vietnam has used them since 1968:
//! - a month begins on the local day (UTC+7) of a new moon;
//! - the 11th month is the one in which the winter solstice falls;
//! - a lunar year that has 13 months between two 11th months repeats one month: the first
//!   month, counted from the month after the 11th, in which no major solar term (the sun
//!   entering a 30° sector of longitude) begins. It is the leap month, named after the month
//!   before it (`tháng 4 nhuận`).
//!
//! The Chinese calendar applies the same rules at UTC+8. The hour between the two moves a new
//! moon or a solar term across midnight in some years, so the two calendars disagree then:
//! Tết 1985 fell on 21 January in Vietnam and on 20 February in China; Tết 2007 on 17 and 18
//! February. Libraries that implement the Chinese calendar cannot be used here.
//!
//! New moons and the sun's longitude come from the series in Jean Meeus, *Astronomical
//! Algorithms*, truncated to the terms that matter at a precision of minutes: a new moon within
//! minutes of local midnight could land on the wrong day, which is why the tests compare with
//! dates Vietnam published. Days are counted as Julian day numbers.

use std::f64::consts::PI;

use chrono::{Datelike, NaiveDate};

/// Vietnam's offset from UTC, in days.
const TIME_ZONE: f64 = 7.0 / 24.0;
/// The Julian day of the mean new moon of 1900-01-01 that the lunation numbers count from.
const EPOCH: f64 = 2_415_021.076_998_695;
/// The mean length of a lunation, in days.
const LUNATION: f64 = 29.530_588_853;

/// A day of the lunar calendar. `year` is the Gregorian year in which the lunar year begins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LunarDate {
    pub year: i32,
    pub month: u8,
    pub day: u8,
    /// The day is in the leap (repeated) month of that number.
    pub leap: bool,
}

/// The Julian day number of a Gregorian date.
fn julian_day(date: NaiveDate) -> i64 {
    // 0001-01-01 (proleptic Gregorian) is day 1 from the common era and Julian day 1,721,426.
    i64::from(date.num_days_from_ce()) + 1_721_425
}

fn from_julian_day(day: i64) -> Option<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(i32::try_from(day - 1_721_425).ok()?)
}

/// The Julian day (a fraction, in Terrestrial Time) of new moon number `k` after 1900-01-01.
fn new_moon(k: i64) -> f64 {
    let k = k as f64;
    let t = k / 1236.85;
    let (t2, t3) = (t * t, t * t * t);
    let rad = PI / 180.0;
    let mean = 2_415_020.759_33 + 29.530_588_68 * k + 0.000_117_8 * t2 - 0.000_000_155 * t3
        + 0.000_33 * ((166.56 + 132.87 * t - 0.009_173 * t2) * rad).sin();
    // The sun's and the moon's mean anomalies and the moon's argument of latitude.
    let sun = (359.2242 + 29.105_356_08 * k - 0.000_033_3 * t2 - 0.000_003_47 * t3) * rad;
    let moon = (306.0253 + 385.816_918_06 * k + 0.010_730_6 * t2 + 0.000_012_36 * t3) * rad;
    let latitude = (21.2964 + 390.670_506_46 * k - 0.001_652_8 * t2 - 0.000_002_39 * t3) * rad;
    let correction = (0.1734 - 0.000_393 * t) * sun.sin() + 0.0021 * (2.0 * sun).sin()
        - 0.4068 * moon.sin()
        + 0.0161 * (2.0 * moon).sin()
        - 0.0004 * (3.0 * moon).sin()
        + 0.0104 * (2.0 * latitude).sin()
        - 0.0051 * (sun + moon).sin()
        - 0.0074 * (sun - moon).sin()
        + 0.0004 * (2.0 * latitude + sun).sin()
        - 0.0004 * (2.0 * latitude - sun).sin()
        - 0.0006 * (2.0 * latitude + moon).sin()
        + 0.0010 * (2.0 * latitude - moon).sin()
        + 0.0005 * (2.0 * moon + sun).sin();
    // Terrestrial Time runs ahead of Universal Time by ΔT (here in days).
    let delta_t = if t < -11.0 {
        0.001 + 0.000_839 * t + 0.000_226_1 * t2 - 0.000_008_45 * t3 - 0.000_000_081 * t * t3
    } else {
        -0.000_278 + 0.000_265 * t + 0.000_262 * t2
    };
    mean + correction - delta_t
}

/// The local day (Julian day number at UTC+7) of new moon number `k`.
fn new_moon_day(k: i64) -> i64 {
    (new_moon(k) + 0.5 + TIME_ZONE).floor() as i64
}

/// Which 30° sector of longitude (0 = from the March equinox) the sun is in at the start of
/// local day `day`: a major solar term begins when it changes.
fn sun_sector(day: i64) -> i64 {
    let moment = day as f64 - 0.5 - TIME_ZONE;
    let t = (moment - 2_451_545.0) / 36_525.0;
    let t2 = t * t;
    let rad = PI / 180.0;
    let anomaly = (357.529_10 + 35_999.050_30 * t - 0.000_155_9 * t2 - 0.000_000_48 * t * t2) * rad;
    let mean_longitude = 280.466_45 + 36_000.769_83 * t + 0.000_303_2 * t2;
    let center = (1.914_600 - 0.004_817 * t - 0.000_014 * t2) * anomaly.sin()
        + (0.019_993 - 0.000_101 * t) * (2.0 * anomaly).sin()
        + 0.000_290 * (3.0 * anomaly).sin();
    let longitude = ((mean_longitude + center) * rad).rem_euclid(2.0 * PI);
    (longitude / PI * 6.0).floor() as i64
}

/// The first day of the 11th lunar month that begins in Gregorian `year` or just before it:
/// the month in which that year's winter solstice falls.
fn eleventh_month(year: i32) -> i64 {
    let end_of_year = NaiveDate::from_ymd_opt(year, 12, 31).map_or(0, julian_day);
    let k = ((end_of_year as f64 - EPOCH) / LUNATION).floor() as i64;
    let start = new_moon_day(k);
    // The solstice is the start of sector 9 (270°): a month starting in it or later began after.
    if sun_sector(start) >= 9 {
        new_moon_day(k - 1)
    } else {
        start
    }
}

/// The lunation number of the month starting on `day` (a new-moon day).
fn lunation(day: i64) -> i64 {
    ((day as f64 - EPOCH) / LUNATION + 0.5).floor() as i64
}

/// In a 13-month year that starts after the 11th month beginning on `eleventh`: how many
/// months after it the leap month comes (the first month in which no major term begins).
fn leap_offset(eleventh: i64) -> i64 {
    let k = lunation(eleventh);
    let mut last = sun_sector(new_moon_day(k + 1));
    for offset in 2..14 {
        let sector = sun_sector(new_moon_day(k + offset));
        if sector == last {
            return offset - 1;
        }
        last = sector;
    }
    13
}

/// The lunar date of a Gregorian day.
pub fn to_lunar(date: NaiveDate) -> LunarDate {
    let day = julian_day(date);
    // The last new moon on or before the day. The mean lunation count can be one ahead or
    // behind the true one, since a true new moon falls up to half a day from the mean.
    let mut k = ((day as f64 - EPOCH) / LUNATION).floor() as i64 + 1;
    let mut month_start = new_moon_day(k);
    while month_start > day {
        k -= 1;
        month_start = new_moon_day(k);
    }
    let mut year = date.year();
    let (previous_eleventh, next_eleventh) = {
        let eleventh = eleventh_month(year);
        if eleventh >= month_start {
            (eleventh_month(year - 1), eleventh)
        } else {
            year += 1;
            (eleventh, eleventh_month(year))
        }
    };
    // Months since the 11th month: 0 is the 11th, 1 the 12th, 2 the 1st of the next year...
    let since = (month_start - previous_eleventh) / 29;
    let mut month = since + 11;
    let mut leap = false;
    if next_eleventh - previous_eleventh > 365 {
        let leap_at = leap_offset(previous_eleventh);
        if since >= leap_at {
            month = since + 10;
            leap = since == leap_at;
        }
    }
    if month > 12 {
        month -= 12;
    }
    if month >= 11 && since < 4 {
        year -= 1;
    }
    LunarDate {
        year,
        month: month as u8,
        day: (day - month_start + 1) as u8,
        leap,
    }
}

/// The first day and the length (29 or 30) of a lunar month; `None` when that year has no
/// such month (a leap month that year does not repeat, a month number out of 1-12).
pub fn month_days(year: i32, month: u8, leap: bool) -> Option<(NaiveDate, u8)> {
    if !(1..=12).contains(&month) {
        return None;
    }
    let (previous_eleventh, next_eleventh) = if month < 11 {
        (eleventh_month(year - 1), eleventh_month(year))
    } else {
        (eleventh_month(year), eleventh_month(year + 1))
    };
    let mut offset = (i64::from(month) - 11).rem_euclid(12);
    if next_eleventh - previous_eleventh > 365 {
        let leap_at = leap_offset(previous_eleventh);
        let leap_month = (leap_at - 2).rem_euclid(12);
        if leap && i64::from(month) != leap_month {
            return None;
        }
        if leap || offset >= leap_at {
            offset += 1;
        }
    } else if leap {
        return None;
    }
    let k = lunation(previous_eleventh) + offset;
    let start = new_moon_day(k);
    let length = new_moon_day(k + 1) - start;
    Some((from_julian_day(start)?, length as u8))
}

/// The Gregorian day of a lunar date; `None` when it does not exist (the 30th of a month of
/// 29 days, a leap month that year does not have).
pub fn to_gregorian(date: LunarDate) -> Option<NaiveDate> {
    let (first, length) = month_days(date.year, date.month, date.leap)?;
    if date.day == 0 || date.day > length {
        return None;
    }
    first.checked_add_days(chrono::Days::new(u64::from(date.day) - 1))
}

/// The number of the month that a lunar year repeats, if it has a leap month.
pub fn leap_month(year: i32) -> Option<u8> {
    (1..=12).find(|month| month_days(year, *month, true).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn tet(year: i32) -> NaiveDate {
        to_gregorian(LunarDate {
            year,
            month: 1,
            day: 1,
            leap: false,
        })
        .unwrap()
    }

    #[test]
    fn lunar_new_year_matches_published_dates() {
        // Tết as published by Vietnam's calendars, in January and in February.
        let published = [
            (2023, ymd(2023, 1, 22)),
            (2024, ymd(2024, 2, 10)),
            (2025, ymd(2025, 1, 29)),
            (2026, ymd(2026, 2, 17)),
            (2027, ymd(2027, 2, 6)),
            (2028, ymd(2028, 1, 26)),
        ];
        for (year, day) in published {
            assert_eq!(tet(year), day, "Tết {year}");
            assert_eq!(
                to_lunar(day),
                LunarDate {
                    year,
                    month: 1,
                    day: 1,
                    leap: false
                }
            );
        }
    }

    #[test]
    fn utc_plus_7_differs_from_the_chinese_calendar_where_it_should() {
        // China (UTC+8) celebrated on 20 February 1985 and 18 February 2007.
        assert_eq!(tet(1985), ymd(1985, 1, 21));
        assert_eq!(tet(2007), ymd(2007, 2, 17));
    }

    #[test]
    fn leap_months_are_found_and_numbered() {
        assert_eq!(leap_month(2020), Some(4));
        assert_eq!(leap_month(2023), Some(2));
        assert_eq!(leap_month(2025), Some(6));
        assert_eq!(leap_month(2024), None);
        // The leap 2nd month of 2023 began on 22 March 2023.
        assert_eq!(
            month_days(2023, 2, true).map(|(d, _)| d),
            Some(ymd(2023, 3, 22))
        );
        assert_eq!(month_days(2024, 2, true), None);
    }

    #[test]
    fn known_festival_days() {
        // Mid-Autumn (15th day of the 8th month) and the Hùng Kings' day (10/3).
        let day = |year, month, day| {
            to_gregorian(LunarDate {
                year,
                month,
                day,
                leap: false,
            })
        };
        assert_eq!(day(2025, 8, 15), Some(ymd(2025, 10, 6)));
        assert_eq!(day(2024, 3, 10), Some(ymd(2024, 4, 18)));
        assert_eq!(day(2026, 1, 10), Some(ymd(2026, 2, 26)));
    }

    #[test]
    fn the_30th_exists_only_in_long_months() {
        for month in 1..=12 {
            let (_, length) = month_days(2026, month, false).unwrap();
            assert!(length == 29 || length == 30);
            let thirtieth = to_gregorian(LunarDate {
                year: 2026,
                month,
                day: 30,
                leap: false,
            });
            assert_eq!(thirtieth.is_some(), length == 30, "month {month}");
        }
    }

    /// Every day, not a sample: a property test first found the day in 2054 where the mean
    /// lunation count is one ahead of the true new moon.
    #[test]
    fn every_day_from_1900_to_2100_maps_to_one_lunar_date_and_back() {
        let mut day = ymd(1900, 1, 31);
        let mut previous = to_lunar(day);
        while day < ymd(2100, 12, 31) {
            day = day + chrono::Days::new(1);
            let lunar = to_lunar(day);
            assert!(
                (1..=30).contains(&lunar.day) && (1..=12).contains(&lunar.month),
                "{day}: {lunar:?}"
            );
            assert_eq!(to_gregorian(lunar), Some(day), "{lunar:?}");
            assert!(
                lunar.day == previous.day + 1 || lunar.day == 1,
                "{day}: {previous:?} then {lunar:?}"
            );
            previous = lunar;
        }
    }
}
