//! The Markdown text of the site's files, taken out of the site for the Markdown stage of a
//! run that renders every body once (`build`, `check`). The text of the bodies is a third of
//! such a run's memory and nothing after that stage reads it: [`take_markdown`] leaves each file
//! its front matter, which later stages' diagnostics point into; the Markdown stage frees each
//! text as soon as its body is rendered, and [`give_back`] returns the few that a later check
//! quotes. `serve` keeps every text, for its next run.

use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostic::SourceText;
use crate::load::content::ContentFile;
use crate::model::Site;
use crate::model::page::Item;
use crate::model::translation_state::fingerprint_compared;

/// Each file's whole text, by page and section id; `None` where the site kept it (a file that
/// two pages share: a stand-in's original).
pub struct MarkdownTexts {
    pub pages: Vec<Option<SourceText>>,
    pub sections: Vec<Option<SourceText>>,
}

/// Takes the whole text out of every file the site alone holds, but those whose repaired text
/// `check` quotes (decomposed accents, control characters, a legacy encoding). The fingerprints
/// that `check` compares translations with are made first: they are made from the body.
pub fn take_markdown(site: &mut Site) -> MarkdownTexts {
    let site_ref = &*site;
    site_ref
        .pages()
        .par_iter()
        .enumerate()
        .for_each(|(id, page)| {
            if fingerprint_compared(site_ref, id) {
                page.file.fingerprint();
            }
        });
    MarkdownTexts {
        pages: site
            .pages
            .iter_mut()
            .map(|page| Arc::get_mut(&mut page.file).and_then(take_text))
            .collect(),
        sections: site
            .sections
            .iter_mut()
            .map(|section| {
                section
                    .file
                    .as_mut()
                    .and_then(Arc::get_mut)
                    .and_then(take_text)
            })
            .collect(),
    }
}

/// Puts back the whole text of the files a later check quotes.
pub fn give_back(site: &mut Site, texts: Vec<(Item, SourceText)>) {
    for (item, text) in texts {
        let file = match item {
            Item::Page(id) => Some(&mut site.pages[id].file),
            Item::Section(id) => site.sections[id].file.as_mut(),
        };
        if let Some(file) = file.and_then(Arc::get_mut) {
            file.source.text = text.text;
        }
    }
}

fn take_text(file: &mut ContentFile) -> Option<SourceText> {
    let repaired =
        file.non_nfc_line.is_some() || file.control_line.is_some() || file.mojibake.is_some();
    if repaired {
        return None;
    }
    let front_matter = Arc::from(&file.source.text[..file.split.body.start]);
    Some(SourceText {
        path: file.source.path.clone(),
        text: std::mem::replace(&mut file.source.text, front_matter),
    })
}
