//! `KIND.geojson`: the records that have a place, as an RFC 7946 FeatureCollection of points
//! (longitude first, as the RFC orders them), with the other values as text properties.

use geojson::{Feature, FeatureCollection, Geometry};

use crate::config::kinds::FieldType;
use crate::model::record::FieldValue;
use crate::output::data::Export;

pub(super) fn render(export: &Export) -> Vec<u8> {
    let geo_field = export
        .kind
        .fields
        .iter()
        .find(|field| field.ty == FieldType::Geo && !field.list);
    let features = export
        .rows
        .iter()
        .filter_map(|row| {
            let Some(FieldValue::Geo { lat, lon }) =
                geo_field.and_then(|field| row.record.values.get(&field.name))
            else {
                return None;
            };
            let mut properties = serde_json::Map::new();
            properties.insert("id".into(), row.id.into());
            properties.insert("title".into(), row.page.title.clone().into());
            properties.insert(
                "url".into(),
                export.site.config.absolute_url(&row.page.url).into(),
            );
            for field in export.kind.fields.iter().filter(|f| f.ty != FieldType::Geo) {
                if let Some(value) = row.record.values.get(&field.name) {
                    let (text, _) = export.records.text(
                        export.kind,
                        &field.name,
                        &field.ty,
                        value,
                        export.lang,
                    );
                    properties.insert(field.name.clone(), text.into());
                }
            }
            Some(Feature {
                geometry: Some(Geometry::new_point([*lon, *lat])),
                properties: Some(properties),
                ..Feature::default()
            })
        })
        .collect();
    let collection = FeatureCollection {
        features,
        ..FeatureCollection::default()
    };
    let mut bytes = serde_json::to_vec(&collection).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}
