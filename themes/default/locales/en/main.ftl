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
tags-label = Topics:
tags-heading = Topics
pagination-label = Pagination
pagination-previous = Previous page
pagination-next = Next page
not-found-title = Page not found
not-found-text = The page you are looking for does not exist or has moved.
not-found-home = Go to the home page
feed-link = Latest news (Atom)
