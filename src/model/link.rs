//! Internal links: `@/di-san/dai-noi.md`, `../le-hoi/festival-hue.md`, `@/x.en.md` (pinned
//! language) and bundle files resolve through the site's URL map, in the language of the page
//! that links.

use crate::model::Site;
use crate::model::page::Item;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedLink {
    /// URL path with the `#anchor` kept.
    pub url: String,
    /// Set when the target has no version in the linking page's language and the link leads to
    /// another language's version.
    pub hreflang: Option<String>,
    /// The page or section it leads to, and the anchor it names (without `#`), if any.
    pub target: Item,
    pub anchor: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkProblem {
    /// No file at that path (after resolving `..`); `nearest` is the link to the file the
    /// editor most likely meant, written as they wrote theirs (language and anchor kept).
    Missing {
        rel: String,
        nearest: Option<String>,
    },
    /// The path leaves `content/`.
    OutsideContent,
    /// The target is a draft and drafts are not built.
    Draft(String),
    /// `@/x.LANG.md` pinned a language the target does not have.
    NoSuchLanguage(String, String),
}

/// Whether `dest` is a link huong must resolve (as opposed to an external or absolute URL).
pub fn is_content_link(dest: &str) -> bool {
    if dest.starts_with("@/") {
        return true;
    }
    let path = dest.split('#').next().unwrap_or(dest);
    is_relative(dest) && path.ends_with(".md")
}

fn is_relative(dest: &str) -> bool {
    !(dest.is_empty()
        || dest.starts_with('/')
        || dest.starts_with('#')
        || dest.starts_with("//")
        || dest.contains(':'))
}

/// Of `candidates`, the one that reads most like `written` (the last of equals), if one needs
/// edits in at most 30 % of its characters. By edit distance rather than `diagnostic::closest`:
/// that one favours a shared start, right for short setting names but not for file names, where
/// `ngo-mon` would find `ngoai-giao-van-hoa`.
fn most_alike<'a>(written: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|candidate| {
            let likeness = strsim::normalized_damerau_levenshtein(written, candidate);
            (likeness, candidate)
        })
        .filter(|(likeness, _)| *likeness >= 0.7)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, candidate)| candidate)
}

/// Joins a relative link to the linking file's folder, refusing to climb out of `content/`.
fn join(from_rel: &str, link: &str) -> Option<String> {
    let mut parts: Vec<&str> = from_rel.split('/').collect();
    parts.pop();
    for segment in link.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    Some(parts.join("/"))
}

impl Site {
    /// Resolves a content link written in the file `from_rel` (relative to `content/`) of a page
    /// in `lang`.
    pub fn resolve_link(
        &self,
        from_rel: &str,
        dest: &str,
        lang: &str,
    ) -> Result<ResolvedLink, LinkProblem> {
        let (path, anchor) = match dest.split_once('#') {
            Some((path, anchor)) => (path, format!("#{anchor}")),
            None => (dest, String::new()),
        };
        let rel = match path.strip_prefix("@/") {
            Some(rest) => join("", rest),
            None => join(from_rel, path),
        }
        .ok_or(LinkProblem::OutsideContent)?;
        let stem = rel.trim_end_matches(".md");
        let (key, pinned) = match stem.rsplit_once('.') {
            Some((key, suffix)) if self.config.is_language(suffix) => (key, Some(suffix)),
            _ => (stem, None),
        };
        let items = self.items_for_key(key);
        if items.is_empty() {
            return Err(if self.drafts.contains(key) {
                LinkProblem::Draft(rel.clone())
            } else {
                LinkProblem::Missing {
                    nearest: self.nearest_key(key).map(|key| {
                        let pin = pinned.map_or(String::new(), |lang| format!(".{lang}"));
                        format!("@/{key}{pin}.md{anchor}")
                    }),
                    rel: rel.clone(),
                }
            });
        }
        let wanted = pinned.unwrap_or(lang);
        let direct = items
            .iter()
            .find(|(l, _)| l == wanted)
            .map(|(_, item)| *item);
        let any = items
            .iter()
            .find(|(l, _)| *l == self.config.default_language)
            .or_else(|| items.first())
            .map(|(_, item)| *item);
        let target = match (direct, pinned, any) {
            (Some(item), _, _) => item,
            (None, Some(pinned), _) => {
                return Err(LinkProblem::NoSuchLanguage(rel.clone(), pinned.to_string()));
            }
            (None, None, Some(item)) => self.translation_in(item, lang).unwrap_or(item),
            (None, None, None) => {
                return Err(LinkProblem::Missing {
                    rel: rel.clone(),
                    nearest: None,
                });
            }
        };
        let target_lang = self.item_lang(target);
        Ok(ResolvedLink {
            url: format!("{}{anchor}", self.item_url(target)),
            hreflang: (target_lang != lang).then(|| target_lang.to_string()),
            target,
            anchor: anchor
                .strip_prefix('#')
                .filter(|a| !a.is_empty())
                .map(str::to_string),
        })
    }

    /// The key of the content file an editor most likely meant by `key`, which names none: the
    /// file whose name reads most like the one written, in whatever folder (a page moved, a
    /// folder misspelt); of several files of that name (`index`, `_index`), the one whose path
    /// reads most alike.
    fn nearest_key(&self, key: &str) -> Option<&str> {
        fn name(key: &str) -> &str {
            key.rsplit('/').next().unwrap_or(key)
        }
        // Sorted, so that of two equally close names or paths the same one is named every time.
        let mut keys: Vec<&str> = self.by_key.keys().map(String::as_str).collect();
        keys.sort_unstable();
        let mut names: Vec<&str> = keys.iter().map(|key| name(key)).collect();
        names.sort_unstable();
        names.dedup();
        let nearest_name = most_alike(name(key), names)?;
        let same_name: Vec<&str> = keys
            .into_iter()
            .filter(|k| name(k) == nearest_name)
            .collect();
        match same_name.as_slice() {
            [only] => Some(only),
            _ => most_alike(key, same_name),
        }
    }

    /// The URL of a file of a page bundle or section folder, for a relative link to it.
    pub fn asset_url(&self, from_rel: &str, dest: &str) -> Option<String> {
        if !is_relative(dest) {
            return None;
        }
        let rel = join(from_rel, dest.split(['#', '?']).next().unwrap_or(dest))?;
        self.asset(&rel).map(|asset| format!("/{}", asset.to))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_links_are_recognised() {
        assert!(is_content_link("@/di-san/dai-noi.md"));
        assert!(is_content_link("../le-hoi/festival-hue.md#lich"));
        assert!(!is_content_link("https://example.org/a.md"));
        assert!(!is_content_link("/absolute.md"));
        assert!(!is_content_link("#top"));
        assert!(!is_content_link("photo.jpg"));
    }

    #[test]
    fn relative_paths_are_joined_and_cannot_escape() {
        assert_eq!(
            join("di-san/dai-noi.vi.md", "../le-hoi/a.md").as_deref(),
            Some("le-hoi/a.md")
        );
        assert_eq!(
            join("di-san/dai-noi.vi.md", "./b.md").as_deref(),
            Some("di-san/b.md")
        );
        assert_eq!(join("a.md", "../../x.md"), None);
    }
}
