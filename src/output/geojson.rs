//! `/donnees/acteurs.geojson`: the located actors of every territory, RFC 7946 (WGS84,
//! longitude first). The maps of the site show the same points, embedded in their page so that
//! they also work when the site is opened from disk.

use serde::Serialize;

use crate::model::Site;
use crate::products::OutputFile;

#[derive(Serialize)]
struct Collection<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    features: Vec<Feature<'a>>,
}

#[derive(Serialize)]
struct Feature<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    geometry: Point,
    properties: Properties<'a>,
}

#[derive(Serialize)]
struct Point {
    #[serde(rename = "type")]
    kind: &'static str,
    coordinates: [f64; 2],
}

#[derive(Serialize)]
struct Properties<'a> {
    territoire: &'a str,
    id: &'a str,
    nom: &'a str,
    categorie: &'a str,
    adresse: Option<&'a str>,
    code_postal: Option<&'a str>,
    commune: Option<&'a str>,
}

/// The GeoJSON file of located actors.
pub fn actors(site: &Site) -> OutputFile {
    let mut features = Vec::new();
    for t in &site.territories {
        for a in t.actor_list() {
            let (Some(lat), Some(lon)) = (&a.latitude, &a.longitude) else {
                continue;
            };
            features.push(Feature {
                kind: "Feature",
                geometry: Point {
                    kind: "Point",
                    coordinates: [lon.value, lat.value],
                },
                properties: Properties {
                    territoire: &t.slug,
                    id: &a.id.value,
                    nom: &a.nom,
                    categorie: a.categorie.as_str(),
                    adresse: a.adresse.as_deref(),
                    code_postal: a.code_postal.as_ref().map(|c| c.value.as_str()),
                    commune: a.commune.as_ref().map(|c| c.value.as_str()),
                },
            });
        }
    }
    let doc = Collection {
        kind: "FeatureCollection",
        features,
    };
    let mut bytes = serde_json::to_vec_pretty(&doc).unwrap_or_default();
    bytes.push(b'\n');
    OutputFile {
        path: "donnees/acteurs.geojson".into(),
        bytes,
    }
}
