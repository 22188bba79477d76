//! schema.org JSON-LD for search engines: the site, the breadcrumb trail and articles. Built as
//! JSON values and serialised here, with `<`, `>` and `&` escaped, so no title an editor writes
//! can close the `<script>` block it sits in.

use serde_json::{Map, Value, json};

use crate::render::view::LinkView;

/// What the structured data says about one document.
pub struct Described<'a> {
    pub lang: &'a str,
    /// The language of the article's text, when it is not the page's (a stand-in).
    pub content_lang: Option<&'a str>,
    pub site_title: &'a str,
    pub home: &'a str,
    pub title: &'a str,
    pub description: &'a str,
    pub canonical: &'a str,
    /// `(title, absolute URL)` from the home page to this document.
    pub breadcrumbs: &'a [LinkView],
    /// Set for articles: published and modified dates, `YYYY-MM-DD`.
    pub article: Option<(Option<String>, Option<String>)>,
    /// The schema.org nodes of what the document shows (an event, a place, a data catalogue).
    pub nodes: Vec<Value>,
}

pub fn render_json_ld(d: Described) -> String {
    let publisher =
        json!({ "@type": "GovernmentOrganization", "name": d.site_title, "url": d.home });
    let mut graph = vec![json!({
        "@type": "WebSite",
        "name": d.site_title,
        "url": d.home,
        "inLanguage": d.lang,
        "publisher": publisher,
    })];
    if d.breadcrumbs.len() > 1 {
        let items: Vec<Value> = d
            .breadcrumbs
            .iter()
            .enumerate()
            .map(|(index, crumb)| {
                json!({ "@type": "ListItem", "position": index + 1, "name": crumb.title, "item": crumb.url })
            })
            .collect();
        graph.push(json!({ "@type": "BreadcrumbList", "itemListElement": items }));
    }
    if let Some((published, modified)) = &d.article {
        let mut article = json!({
            "@type": "Article",
            "headline": d.title,
            "url": d.canonical,
            "inLanguage": d.content_lang.unwrap_or(d.lang),
            "publisher": publisher,
        });
        if !d.description.is_empty() {
            article["description"] = json!(d.description);
        }
        if let Some(published) = published {
            article["datePublished"] = json!(published);
        }
        if let Some(modified) = modified.as_ref().or(published.as_ref()) {
            article["dateModified"] = json!(modified);
        }
        graph.push(article);
    }
    for mut node in d.nodes {
        if !d.description.is_empty() {
            node["description"] = json!(d.description);
        }
        graph.push(node);
    }
    // Built by hand: `json!` would copy the whole graph into a new value.
    let mut document = Map::new();
    document.insert("@context".into(), "https://schema.org".into());
    document.insert("@graph".into(), Value::Array(graph));
    escape_for_script(Value::Object(document).to_string())
}

/// JSON stays valid with these escapes, and the HTML parser never sees `</script>` or `<!--`.
fn escape_for_script(json: String) -> String {
    if !json.contains(['<', '>', '&']) {
        return json;
    }
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_cannot_break_out_of_the_script_block() {
        let crumbs = [
            LinkView {
                title: "Home".into(),
                url: "https://x/".into(),
            },
            LinkView {
                title: "</script><script>alert(1)</script>".into(),
                url: "https://x/a/".into(),
            },
        ];
        let json = render_json_ld(Described {
            lang: "en",
            site_title: "Portal",
            home: "https://x/",
            title: "</script><script>alert(1)</script>",
            description: "",
            canonical: "https://x/a/",
            breadcrumbs: &crumbs,
            article: Some((Some("2022-09-19".into()), None)),
            nodes: Vec::new(),
            content_lang: None,
        });
        assert!(!json.contains('<') && !json.contains('>'));
        let value: Value = serde_json::from_str(&json).unwrap();
        assert_eq!(
            value["@graph"][2]["headline"],
            "</script><script>alert(1)</script>"
        );
        assert_eq!(value["@graph"][2]["dateModified"], "2022-09-19");
        assert_eq!(value["@graph"][1]["itemListElement"][1]["position"], 2);
    }
}
