//! Markdown → HTML with pulldown-cmark: heading ids from the slug rules, a table of contents,
//! the `<!-- more -->` summary, internal links resolved in the page's language, bundle files,
//! and shortcodes. Pure: it reads the site model and returns HTML and diagnostics.

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{Alignment, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};
use serde::Serialize;

use crate::diagnostic::{Diagnostic, SourceText};
use crate::load::content::ContentFile;
use crate::markdown::raw_html;
use crate::markdown::shortcode::{ShortcodeCall, expand_shortcodes};
use crate::model::Site;
use crate::model::link::{LinkProblem, is_content_link};
use crate::model::page::Item;
use crate::text::escape::escape_attribute;
use crate::text::slug::slugify;

const SUMMARY_MARKER: &str = "<!-- more -->";

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
}

#[derive(Debug, Clone, Default)]
pub struct RenderedMarkdown {
    pub html: String,
    /// What stands above `<!-- more -->`, when the page has the marker.
    pub summary: Option<String>,
    pub toc: Vec<TocEntry>,
    /// Links whose target is only known once every body is rendered: an anchor of another
    /// page, a path from the site root. Checked by `markdown::check_links`.
    pub links: Vec<LaterLink>,
}

/// A link to check later, with where it is written in the file.
#[derive(Debug, Clone, PartialEq)]
pub enum LaterLink {
    /// `@/page.md#anchor`: the anchor must be a heading of that page.
    Anchor {
        span: Range<usize>,
        dest: String,
        target: Item,
        anchor: String,
    },
    /// `/path/`: a file the site publishes.
    Root { span: Range<usize>, dest: String },
}

/// Renders the body of `file`, whose whole text is `source` (the site may hold only its front
/// matter: see `model::markdown_text`), written in `lang`; `shortcode` renders one shortcode
/// call. Heading ids avoid `reserved`, the ids the theme's templates give their own elements.
pub fn render_markdown(
    site: &Site,
    file: &ContentFile,
    source: &SourceText,
    lang: &str,
    shortcode: &dyn Fn(&ShortcodeCall) -> Result<String, String>,
    reserved: &[String],
) -> (RenderedMarkdown, Vec<Diagnostic>) {
    let body_start = file.split.body.start;
    let mut diagnostics = Vec::new();
    let (expanded, errors) = expand_shortcodes(&source.text[file.split.body.clone()], shortcode);
    for error in errors {
        let span = body_start + error.span.start..body_start + error.span.end;
        diagnostics.push(
            Diagnostic::error(error.message)
                .at(source, span)
                .with_label("in this shortcode")
                .with_help("shortcodes are written {{ name(key=\"value\") }}; each name is a template in the theme's templates/shortcodes/"),
        );
    }

    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION;
    let events: Vec<(Event, Range<usize>)> = Parser::new_ext(&expanded.text, options)
        .into_offset_iter()
        .collect();

    // A body with raw HTML of the editor's own is cleaned once rendered; the theme's shortcode
    // output in it is set aside meanwhile (see `raw_html`).
    let trusted_html = site.config.markdown.unsafe_html;
    let is_editor_html = |(event, range): &(Event, Range<usize>)| match event {
        Event::Html(text) | Event::InlineHtml(text) => {
            text.trim() != SUMMARY_MARKER && !expanded.is_theme_output(&trimmed(text, range))
        }
        _ => false,
    };
    let clean = !trusted_html && events.iter().any(is_editor_html);

    let mut body = Body {
        site,
        file,
        source,
        lang,
        place: &|offset| body_start + expanded.original_offset(offset),
        out: Vec::with_capacity(events.len()),
        toc: Vec::new(),
        used_ids: reserved.iter().map(|id| (id.clone(), 1)).collect(),
        open_links: Vec::new(),
        table: (Vec::new(), false, 0),
        later: Vec::new(),
        theme_output: Vec::new(),
        diagnostics,
    };
    let mut summary_at = None;
    let mut index = 0;
    while index < events.len() {
        let (event, range) = &events[index];
        match event {
            Event::Start(Tag::Heading { .. }) => {
                index = body.heading(&events, index);
                continue;
            }
            Event::Start(Tag::Link { .. }) => body.link(event, range),
            Event::End(TagEnd::Link) => body.link_end(event),
            Event::Start(Tag::Table(_) | Tag::TableHead | Tag::TableRow | Tag::TableCell)
            | Event::End(TagEnd::TableHead | TagEnd::TableCell) => body.table(event),
            Event::Start(Tag::Image { .. }) => body.image(&events, index),
            Event::Html(text) | Event::InlineHtml(text) if text.trim() == SUMMARY_MARKER => {
                summary_at.get_or_insert(body.out.len());
            }
            Event::Html(text) | Event::InlineHtml(text) if clean => {
                if is_editor_html(&events[index]) {
                    body.editor_html(text, range);
                    body.out.push(event.clone());
                } else {
                    let stand_in = CowStr::from(raw_html::placeholder(body.theme_output.len()));
                    body.theme_output.push(text.to_string());
                    body.out.push(match event {
                        Event::Html(_) => Event::Html(stand_in),
                        _ => Event::InlineHtml(stand_in),
                    });
                }
            }
            _ => body.out.push(event.clone()),
        }
        index += 1;
    }

    // Summaries, and in `serve` every body, are held until every document is written: the room
    // a string grew into, a third of its length on average, is given back.
    let finish = |html: String| {
        let mut html = if clean {
            raw_html::clean(&html, &body.theme_output)
        } else {
            html
        };
        html.shrink_to_fit();
        html
    };
    let summary = summary_at.map(|at| {
        let mut summary = String::new();
        html::push_html(&mut summary, body.out[..at].iter().cloned());
        finish(summary)
    });
    let mut html_out = String::with_capacity(expanded.text.len() * 3 / 2);
    html::push_html(&mut html_out, body.out.iter().cloned());
    let html_out = finish(html_out);
    (
        RenderedMarkdown {
            html: html_out,
            summary,
            toc: body.toc,
            links: body.later,
        },
        body.diagnostics,
    )
}

/// `range` of `text` without its surrounding whitespace (an HTML line's newline belongs to what
/// follows it).
fn trimmed(text: &str, range: &Range<usize>) -> Range<usize> {
    let start = range.start + (text.len() - text.trim_start().len());
    let end = range.start + text.trim_end().len();
    start..end.max(start)
}

/// The state of one body's conversion: the events written so far and what headings, links
/// and images have to know about the ones before them.
struct Body<'a, 'e> {
    site: &'a Site,
    file: &'a ContentFile,
    /// The file's whole text, which diagnostics point into.
    source: &'a SourceText,
    lang: &'a str,
    /// Maps an offset in the expanded text to one in the file, for diagnostics.
    place: &'a dyn Fn(usize) -> usize,
    out: Vec<Event<'e>>,
    toc: Vec<TocEntry>,
    used_ids: HashMap<String, usize>,
    /// For each open link: whether its opening tag was written as raw HTML (needs `</a>`).
    open_links: Vec<bool>,
    /// Links checked once every body is rendered.
    later: Vec<LaterLink>,
    /// The open table's column alignments, whether its head is open, and the next column.
    table: (Vec<Alignment>, bool, usize),
    /// Shortcode output set aside while the body is cleaned, by placeholder number.
    theme_output: Vec<String>,
    diagnostics: Vec<Diagnostic>,
}

impl<'e> Body<'_, 'e> {
    fn span(&self, range: &Range<usize>) -> Range<usize> {
        (self.place)(range.start)..(self.place)(range.end)
    }

    /// The `{key=value}` attributes of a heading that raw HTML could have too: `{onclick=...}`
    /// is raw HTML in another form, and is dropped the same way.
    fn heading_attributes(
        &mut self,
        attrs: &[(CowStr<'e>, Option<CowStr<'e>>)],
        range: &Range<usize>,
    ) -> Vec<(CowStr<'e>, Option<CowStr<'e>>)> {
        if self.site.config.markdown.unsafe_html {
            return attrs.to_vec();
        }
        let (kept, removed): (Vec<_>, Vec<_>) = attrs
            .iter()
            .cloned()
            .partition(|(name, _)| raw_html::attribute_allowed("h1", &name.to_ascii_lowercase()));
        if !removed.is_empty() {
            let names: Vec<String> = removed.iter().map(|(name, _)| format!("{name}=")).collect();
            let span = self.span(range);
            self.diagnostics.push(
                Diagnostic::warning(format!(
                    "heading attributes that are not published: {}",
                    names.join(", ")
                ))
                .at(self.source, span)
                .with_label("removed from the heading")
                .with_help("a heading may carry {#id}, {.class}, lang= and title=; see `unsafe_html` under [markdown] in the README"),
            );
        }
        kept
    }

    /// A piece of raw HTML the editor wrote: a warning at its line naming what cleaning drops.
    fn editor_html(&mut self, text: &str, range: &Range<usize>) {
        let removed = raw_html::removed_from(text);
        if removed.is_empty() {
            return;
        }
        let span = self.span(&trimmed(text, range));
        self.diagnostics.push(
            Diagnostic::warning(format!(
                "raw HTML that is not published: {}",
                removed.join(", ")
            ))
            .at(self.source, span)
            .with_label("removed from the page")
            .with_help("pages keep the HTML an article needs (tables, details, abbr, sup, links...), never scripts, styles, frames, forms, event handlers or javascript: links; write it in Markdown, or ask for a shortcode in the theme. A site that trusts every editor can set `unsafe_html = true` under [markdown] in site.toml"),
        );
    }

    /// A heading with a unique id (its own `{#id}`, else its slug) and its TOC entry; returns
    /// the index after its end.
    fn heading(&mut self, events: &[(Event<'e>, Range<usize>)], index: usize) -> usize {
        let Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) = &events[index].0
        else {
            return index + 1;
        };
        let end = events[index..]
            .iter()
            .position(|(e, _)| matches!(e, Event::End(TagEnd::Heading(_))))
            .map_or(events.len(), |p| index + p);
        let inner: Vec<Event> = events[index + 1..end]
            .iter()
            .map(|(e, _)| e.clone())
            .collect();
        let title = plain_text(&inner);
        let base = id.as_ref().map(|id| id.to_string()).unwrap_or_else(|| {
            let slug = slugify(&title);
            if slug.is_empty() {
                "section".to_string()
            } else {
                slug
            }
        });
        let unique = unique_id(base, &mut self.used_ids);
        self.toc.push(TocEntry {
            level: heading_number(*level),
            id: unique.clone(),
            title,
        });
        let attrs = self.heading_attributes(attrs, &events[index].1);
        self.out.push(Event::Start(Tag::Heading {
            level: *level,
            id: Some(CowStr::from(unique)),
            classes: classes.clone(),
            attrs,
        }));
        self.out.extend(inner);
        if end < events.len() {
            self.out.push(events[end].0.clone());
        }
        end + 1
    }

    /// A link: content links resolved in the page's language (a link to another language's
    /// version is written as raw HTML, to carry `hreflang`), bundle files to their URL.
    fn link(&mut self, event: &Event<'e>, range: &Range<usize>) {
        let Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) = event
        else {
            return;
        };
        let mut raw = false;
        let mut dest = dest_url.clone();
        if let Some(scheme) = dangerous_scheme(dest_url, false) {
            self.diagnostics.push(scheme_error(
                self.source,
                self.span(range),
                dest_url,
                &scheme,
            ));
            dest = CowStr::from("");
        } else if is_content_link(dest_url) {
            match self.site.resolve_link(&self.file.rel, dest_url, self.lang) {
                Ok(link) => {
                    if let Some(hreflang) = &link.hreflang {
                        self.diagnostics.push(untranslated_link_warning(
                            self.source,
                            self.span(range),
                            dest_url,
                            self.lang,
                            hreflang,
                        ));
                        self.out.push(Event::InlineHtml(CowStr::from(format!(
                            "<a href=\"{}\" hreflang=\"{}\">",
                            escape_attribute(&link.url),
                            escape_attribute(hreflang)
                        ))));
                        raw = true;
                    }
                    if let Some(anchor) = link.anchor {
                        self.later.push(LaterLink::Anchor {
                            span: self.span(range),
                            dest: dest_url.to_string(),
                            target: link.target,
                            anchor,
                        });
                    }
                    dest = CowStr::from(link.url);
                }
                Err(problem) => {
                    let span = self.span(range);
                    self.diagnostics
                        .push(link_error(self.source, span, dest_url, &problem));
                }
            }
        } else if let Some(url) = self.site.asset_url(&self.file.rel, dest_url) {
            dest = CowStr::from(url);
        } else if dest_url.starts_with('/') && !dest_url.starts_with("//") {
            self.later.push(LaterLink::Root {
                span: self.span(range),
                dest: dest_url.to_string(),
            });
        }
        self.open_links.push(raw);
        if !raw {
            self.out.push(Event::Start(Tag::Link {
                link_type: *link_type,
                dest_url: dest,
                title: title.clone(),
                id: id.clone(),
            }));
        }
    }

    /// Table cells are written here, aligned by a class: pulldown-cmark would align them with
    /// `style` attributes, which a strict Content-Security-Policy (`style-src 'self'`) blocks.
    /// Writing the cells, rather than rewriting the HTML afterwards, leaves code and raw HTML
    /// that happen to contain `style="text-align: ..."` as they are.
    fn table(&mut self, event: &Event<'e>) {
        let (alignments, in_head, column) = &mut self.table;
        match event {
            Event::Start(Tag::Table(columns)) => *alignments = columns.clone(),
            Event::Start(Tag::TableHead) => (*in_head, *column) = (true, 0),
            Event::End(TagEnd::TableHead) => *in_head = false,
            Event::Start(Tag::TableRow) => *column = 0,
            Event::Start(Tag::TableCell) => {
                let element = if *in_head { "th" } else { "td" };
                let class = match alignments.get(*column) {
                    Some(Alignment::Left) => " class=\"align-left\"",
                    Some(Alignment::Center) => " class=\"align-center\"",
                    Some(Alignment::Right) => " class=\"align-right\"",
                    _ => "",
                };
                *column += 1;
                let tag = format!("<{element}{class}>");
                self.out.push(Event::InlineHtml(CowStr::from(tag)));
                return;
            }
            Event::End(TagEnd::TableCell) => {
                let tag = if *in_head { "</th>" } else { "</td>" };
                self.out.push(Event::InlineHtml(CowStr::from(tag)));
                return;
            }
            _ => {}
        }
        self.out.push(event.clone());
    }

    fn link_end(&mut self, event: &Event<'e>) {
        if self.open_links.pop() == Some(true) {
            self.out.push(Event::InlineHtml(CowStr::from("</a>")));
        } else {
            self.out.push(event.clone());
        }
    }

    /// An image: a bundle file to its URL, and a warning when it has no alt text.
    fn image(&mut self, events: &[(Event<'e>, Range<usize>)], index: usize) {
        let (
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }),
            range,
        ) = &events[index]
        else {
            return;
        };
        let end = events[index..]
            .iter()
            .position(|(e, _)| matches!(e, Event::End(TagEnd::Image)))
            .map_or(events.len(), |p| index + p);
        let alt: Vec<Event> = events[index + 1..end]
            .iter()
            .map(|(e, _)| e.clone())
            .collect();
        if plain_text(&alt).trim().is_empty() {
            self.diagnostics.push(
                Diagnostic::warning(format!("the image `{dest_url}` has no alt text"))
                    .at(self.source, self.span(range))
                    .with_label("no description between the brackets")
                    .with_help("describe the image for readers who cannot see it: ![Ngọ Môn gate at dawn](photo.jpg)"),
            );
        }
        if let Some(scheme) = dangerous_scheme(dest_url, true) {
            let span = self.span(range);
            self.diagnostics
                .push(scheme_error(self.source, span, dest_url, &scheme));
        }
        let dest = self
            .site
            .asset_url(&self.file.rel, dest_url)
            .map(CowStr::from)
            .unwrap_or_else(|| dest_url.clone());
        self.out.push(Event::Start(Tag::Image {
            link_type: *link_type,
            dest_url: dest,
            title: title.clone(),
            id: id.clone(),
        }));
    }
}

fn heading_number(level: HeadingLevel) -> u8 {
    level as u8
}

fn plain_text(events: &[Event]) -> String {
    events
        .iter()
        .filter_map(|event| match event {
            Event::Text(text) | Event::Code(text) => Some(text.as_ref()),
            _ => None,
        })
        .collect()
}

fn unique_id(base: String, used: &mut HashMap<String, usize>) -> String {
    let count = used.entry(base.clone()).or_insert(0);
    *count += 1;
    if *count == 1 {
        base
    } else {
        let candidate = format!("{base}-{}", *count - 1);
        used.insert(candidate.clone(), 1);
        candidate
    }
}

/// The scheme of a destination that would run code or reach the reader's disk: `javascript:`
/// and `vbscript:` in any case (entities are decoded already; browsers ignore tabs and line
/// breaks inside a URL), `file:`, and `data:` except images in an image.
fn dangerous_scheme(dest: &str, image: bool) -> Option<String> {
    let cleaned: String = dest
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    let (scheme, rest) = cleaned.split_once(':')?;
    if !scheme
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
    {
        return None;
    }
    let dangerous = match scheme {
        "javascript" | "vbscript" | "file" => true,
        "data" => !(image && rest.starts_with("image/")),
        _ => false,
    };
    dangerous.then(|| scheme.to_string())
}

fn scheme_error(source: &SourceText, span: Range<usize>, dest: &str, scheme: &str) -> Diagnostic {
    Diagnostic::error(format!("the link `{dest}` uses `{scheme}:`, which huong does not publish"))
        .at(source, span)
        .with_label("unsafe link")
        .with_help("link to a web address (https://...) or a page of the site (@/...); a script or a file on the reader's computer cannot be linked")
}

fn link_error(
    source: &SourceText,
    span: Range<usize>,
    dest: &str,
    problem: &LinkProblem,
) -> Diagnostic {
    let (message, help) = match problem {
        LinkProblem::Missing { rel, nearest } => (
            format!("the link `{dest}` points to `content/{rel}`, which does not exist"),
            match nearest {
                Some(link) => format!("did you mean {link}? `@/` paths start at the content folder"),
                None => "check the spelling; `@/` paths start at the content folder and leave out the language, e.g. @/di-san/dai-noi.md".to_string(),
            },
        ),
        LinkProblem::OutsideContent => (
            format!("the link `{dest}` leads outside the content folder"),
            "link to pages inside content/, e.g. @/di-san/dai-noi.md".to_string(),
        ),
        LinkProblem::Draft(rel) => (
            format!("the link `{dest}` points to `content/{rel}`, which is a draft"),
            "publish the target (remove `draft = true`) or build with --drafts".to_string(),
        ),
        LinkProblem::NoSuchLanguage(rel, lang) => (
            format!("the link `{dest}` asks for the `{lang}` version of `content/{rel}`, which does not exist"),
            "remove the language from the link to use the linking page's language".to_string(),
        ),
    };
    Diagnostic::error(message)
        .at(source, span)
        .with_label("broken link")
        .with_help(help)
}

fn untranslated_link_warning(
    source: &SourceText,
    span: Range<usize>,
    dest: &str,
    lang: &str,
    target_lang: &str,
) -> Diagnostic {
    Diagnostic::warning(format!(
        "the link `{dest}` has no `{lang}` version; it leads to the `{target_lang}` page"
    ))
    .at(source, span)
    .with_label("untranslated target")
    .with_help(format!(
        "translate the target page into `{lang}`, or link to a page that has a translation"
    ))
}
