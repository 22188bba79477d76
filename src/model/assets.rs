//! Files that belong to a page bundle or a section folder (images, PDFs): where each is
//! published, once for all languages.

use std::path::PathBuf;

use crate::load::content::AssetFile;
use crate::model::url::folder_slug;

/// A file copied next to the page or section it belongs to, once for all languages.
#[derive(Debug, Clone)]
pub struct PublishedAsset {
    pub from: PathBuf,
    /// The output path without leading slash: `di-san/dai-noi/photo.jpg`.
    pub to: String,
    /// Its path below `content/`, for resolving links to it.
    pub rel: String,
}

/// Bundle and section files are published once, under the URL `owner_url` gives their folder
/// (else a path made of the folders' slugs); every language links there.
pub(super) fn place_assets(
    assets: Vec<AssetFile>,
    owner_url: impl Fn(&str) -> Option<String>,
) -> Vec<PublishedAsset> {
    assets
        .into_iter()
        .map(|asset| {
            let name = asset.rel.rsplit('/').next().unwrap_or(&asset.rel);
            let base = owner_url(&asset.dir).unwrap_or_else(|| {
                let slugs: Vec<String> = asset
                    .dir
                    .split('/')
                    .filter(|s| !s.is_empty())
                    .map(folder_slug)
                    .collect();
                format!("/{}/", slugs.join("/")).replace("//", "/")
            });
            PublishedAsset {
                from: asset.path,
                to: format!("{}{name}", base.trim_start_matches('/')),
                rel: asset.rel,
            }
        })
        .collect()
}
