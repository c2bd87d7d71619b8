fn main() {
    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct A {
        nom: String,
        nom_court: Option<String>,
        v: Option<serde_saphyr::Spanned<f64>>,
        e: Option<ctin::model::schema::Echelon>,
    }
    for src in [
        "nom: x\nnom_cour: y\n",
        "nom: x\nv: douze\n",
        "nom: x\ne: epc\n",
        "nom_court: x\n",
        "nom: [a]\n",
    ] {
        let r: Result<A, _> = serde_saphyr::from_str(src);
        if let Err(e) = r {
            let kind = match &e {
                serde_saphyr::Error::Message { .. } => "Message",
                serde_saphyr::Error::SerdeUnknownField { .. } => "UnknownField",
                serde_saphyr::Error::ExternalMessage { .. } => "External",
                serde_saphyr::Error::InvalidScalar { .. } => "InvalidScalar",
                serde_saphyr::Error::SerdeInvalidType { .. } => "InvalidType",
                serde_saphyr::Error::SerdeMissingField { .. } => "Missing",
                serde_saphyr::Error::SerdeUnknownVariant { .. } => "Variant",
                _ => "other",
            };
            println!("{kind}: {e}");
        }
        let r: Result<Vec<A>, _> =
            serde_saphyr::from_str(&format!("- {}", src.replace('\n', "\n  ")));
        if let Err(e) = r {
            let kind = match &e {
                serde_saphyr::Error::Message { .. } => "Message",
                serde_saphyr::Error::SerdeUnknownField { .. } => "UnknownField",
                _ => "other",
            };
            println!("  in vec {kind}: {e}");
        }
    }
}
