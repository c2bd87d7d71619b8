//! `/donnees/acteurs.geojson`: the located actors of every territory, RFC 7946 (WGS84,
//! longitude first). The maps of the site show the same points, embedded in their page so that
//! they also work when the site is opened from disk.

use serde_json::json;

use crate::model::Site;
use crate::render::OutputFile;

/// The GeoJSON file of located actors.
pub fn actors(site: &Site) -> OutputFile {
    let mut features = Vec::new();
    for t in &site.territories {
        for a in t.actor_list() {
            let (Some(lat), Some(lon)) = (&a.latitude, &a.longitude) else {
                continue;
            };
            features.push(json!({
                "type": "Feature",
                "geometry": { "type": "Point", "coordinates": [lon.value, lat.value] },
                "properties": {
                    "territoire": t.slug,
                    "id": a.id.value,
                    "nom": a.nom,
                    "categorie": a.categorie.as_str(),
                    "adresse": a.adresse,
                    "code_postal": a.code_postal.as_ref().map(|c| c.value.clone()),
                    "commune": a.commune,
                },
            }));
        }
    }
    let doc = json!({ "type": "FeatureCollection", "features": features });
    let mut bytes = serde_json::to_vec_pretty(&doc).unwrap_or_default();
    bytes.push(b'\n');
    OutputFile {
        path: "donnees/acteurs.geojson".into(),
        bytes,
    }
}
