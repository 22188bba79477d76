language-name = English
skip-to-content = Skip to main content
language-switcher-label = Choose language
main-nav-label = Main navigation
breadcrumb-label = Breadcrumb
nav-home = Home
translation-unavailable = not translated yet
sections-heading = Sections
pages-count = { $count ->
    [one] { $count } article
   *[other] { $count } articles
}
published-on = Published
toc-title = Contents
pagination-label = Pagination
pagination-previous = Previous page
pagination-next = Next page
not-found-title = Page not found
not-found-text = The page you are looking for does not exist or has moved.
not-found-home = Go to the home page
feed-link = Latest news (Atom)
og-locale = en_GB
date-locale = en-GB
print = Print this page
updated-on = updated
taxonomy-tags = Topics
site-authority = Official information website
footer-agency = Published by the Provincial People's Committee
footer-note = Content is published in Vietnamese and English.
footer-nav-label = Footer links
notice-untranslated = This page has not been translated into English yet. The original text follows.
record-facts = Key facts
lunar-date = { $day }{ $day ->
    [1] st
    [2] nd
    [3] rd
    [21] st
    [22] nd
    [23] rd
   *[other] th
  } day of the { $month }{ $month ->
    [1] st
    [2] nd
    [3] rd
   *[other] th
  }{ $leap ->
    [yes] {" "}leap
   *[no] {""}
  } lunar month
date-range = { $start } – { $end }
value-yes = Yes
value-no = No
data-column-id = ID
data-column-title = Title
data-column-url = URL
month-year = { $month ->
    [1] January
    [2] February
    [3] March
    [4] April
    [5] May
    [6] June
    [7] July
    [8] August
    [9] September
    [10] October
    [11] November
   *[12] December
  } { $year }
calendar-heading = Festival calendar
calendar-subscribe = Add this calendar to your calendar app (.ics)
calendar-past = already held
calendar-empty = No dates in this period yet.
data-title = Open data
data-description = The portal's data to download: JSON, CSV, GeoJSON and iCalendar.
data-intro = The data shown on the portal's pages, to download and reuse.
data-generated = Updated on
data-licence = Licence:
data-records = { $count ->
    [one] 1 record
   *[other] { $count } records
  }
data-format = Format
data-size = Size
data-kilobytes = { $size } KB
record-nearby = Nearby
distance-km = { $km } km
decimal-separator = .
thousands-separator = ,
search-title = Search
search-description = Search the pages of the portal.
search-label = Search the portal
search-button = Search
search-hint = Names work with or without Vietnamese accents: Hue, Dai Noi, Đại Nội.
search-needs-script = Search needs JavaScript, which is turned off in this browser. The sections list every page:
search-type-more = Type at least two letters.
search-loading = Searching…
search-results = { $count ->
    [one] 1 page found for “{ $query }”
   *[other] { $count } pages found for “{ $query }”
  }
search-none = No page matches “{ $query }”. Check the spelling, or try fewer or other words.
search-failed = The search could not be loaded. Try again later, or browse the sections.
search-more = Show more results
last-updated = Last updated:
calendar-add = Add to your calendar (.ics)
calendar-announced = Dates announced by the organisers
calendar-announced-intro = These festivals have no fixed yearly date; the dates of each edition are announced for it.
calendar-organiser = Organiser:
calendar-all = All festivals
places-by-area = By area
places-map = Show on a map
places-geojson = Download the locations (GeoJSON)
places-no-geo = no coordinates yet
catalogue-by-type = By type
catalogue-by-sector = By priority sector
catalogue-no-zone = No zone has been identified for this sector yet.
data-more = Downloads: see the Open data page
