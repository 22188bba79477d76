//! The model `serve` keeps from one rebuild to the next. Most saves change only the text below
//! a file's front matter, which no step of the model reads: the next rebuild then takes the
//! kept model again, with the new files in place of the old, instead of building it anew (about
//! a third of a rebuild of ten thousand pages). Any other change (a file's front matter, a file
//! added, removed or renamed, a bundle's files, `site.toml`, the day) builds it anew.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use chrono::NaiveDate;

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::load::content::{Content, ContentFile};
use crate::model::Site;

/// What a model was built from, beside the site itself and the day (which the site holds).
pub struct ModelInputs {
    /// The content files, in the order they were loaded.
    files: Vec<Arc<ContentFile>>,
    /// The bundles' files, by path below `content/` and on disk: their bytes are read later.
    assets: Vec<(String, PathBuf)>,
    include_drafts: bool,
    /// What the model found wrong, sorted: given again whenever the model is.
    diagnostics: Vec<Diagnostic>,
}

impl ModelInputs {
    /// Before the model is built; its diagnostics are added once it is ([`ModelInputs::found`]).
    pub fn of(content: &Content, include_drafts: bool) -> Self {
        ModelInputs {
            files: content.files.clone(),
            assets: content
                .assets
                .iter()
                .map(|asset| (asset.rel.clone(), asset.path.clone()))
                .collect(),
            include_drafts,
            diagnostics: Vec::new(),
        }
    }

    pub fn found(&mut self, diagnostics: Vec<Diagnostic>) {
        self.diagnostics = diagnostics;
    }

    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }
}

pub struct KeptModel {
    site: Site,
    inputs: ModelInputs,
}

impl KeptModel {
    pub fn new(site: Site, inputs: ModelInputs) -> Self {
        KeptModel { site, inputs }
    }

    /// The kept model for `content`, when the model would come out the same: each file is the
    /// kept one, or the same file with the same front matter (so only its body changed). The
    /// site then holds the new files in place of the old. Otherwise the kept model is given
    /// back, to be dropped.
    pub fn refit(
        self,
        config: &Config,
        content: &Content,
        include_drafts: bool,
        today: NaiveDate,
    ) -> Result<(Site, ModelInputs), KeptModel> {
        let KeptModel { mut site, inputs } = self;
        let replaced = match replaced_files(&inputs.files, &content.files) {
            Some(replaced)
                if site.config == *config
                    && site.today == today
                    && inputs.include_drafts == include_drafts
                    && same_assets(&inputs.assets, content) =>
            {
                replaced
            }
            _ => return Err(KeptModel { site, inputs }),
        };
        site.replace_files(&replaced);
        let inputs = ModelInputs {
            files: content.files.clone(),
            ..inputs
        };
        Ok((site, inputs))
    }
}

/// The files whose body alone changed, by the address of the kept file; `None` when any other
/// change was made.
fn replaced_files(
    kept: &[Arc<ContentFile>],
    loaded: &[Arc<ContentFile>],
) -> Option<HashMap<*const ContentFile, Arc<ContentFile>>> {
    if kept.len() != loaded.len() {
        return None;
    }
    let mut replaced = HashMap::new();
    for (old, new) in kept.iter().zip(loaded) {
        if Arc::ptr_eq(old, new) {
            continue;
        }
        if old.rel != new.rel || old.before_body() != new.before_body() {
            return None;
        }
        replaced.insert(Arc::as_ptr(old), new.clone());
    }
    Some(replaced)
}

fn same_assets(kept: &[(String, PathBuf)], content: &Content) -> bool {
    kept.len() == content.assets.len()
        && kept
            .iter()
            .zip(&content.assets)
            .all(|((rel, path), asset)| *rel == asset.rel && *path == asset.path)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::config::{ConfigOverrides, load_config};
    use crate::load::content::load_content;
    use crate::model::build_site;

    /// The kept model is taken again for the same files read anew (only their addresses
    /// differ), but not on another day or with drafts shown.
    #[test]
    fn a_new_day_or_drafts_build_the_model_anew() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/notice");
        let config = load_config(&root, &ConfigOverrides::default()).unwrap();
        let day = NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
        let kept = || {
            let (content, _, _) = load_content(&config, None);
            let inputs = ModelInputs::of(&content, false);
            KeptModel::new(build_site(config.clone(), content, false, day).0, inputs)
        };
        let (again, _, _) = load_content(&config, None);
        let (site, _) = kept().refit(&config, &again, false, day).ok().unwrap();
        let page = site.page(0);
        assert!(again.files.iter().any(|file| Arc::ptr_eq(file, &page.file)));
        assert!(
            kept()
                .refit(&config, &again, false, day.succ_opt().unwrap())
                .is_err()
        );
        assert!(kept().refit(&config, &again, true, day).is_err());
    }
}
