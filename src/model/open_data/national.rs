//! The rows of the national schema of lieux de médiation numérique: the actors that have every
//! field it requires.

use super::Cell;
use crate::model::schema::{Dispositif, S};
use crate::model::{Site, Territory};

/// A French phone number in the national schema's form (`+33` and 9 digits); `None` when it
/// is not a French number with 10 digits or already in international form.
fn international_phone(phone: &str) -> Option<String> {
    const PREFIXES: [&str; 10] = [
        "+33", "+590", "+594", "+262", "+596", "+269", "+687", "+689", "+508", "+681",
    ];
    let digits: String = phone
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '+')
        .collect();
    if digits.starts_with('+') {
        let national_part = PREFIXES.iter().find_map(|p| digits.strip_prefix(p))?;
        let valid = (6..=9).contains(&national_part.len())
            && national_part.chars().all(|c| c.is_ascii_digit());
        return valid.then_some(digits.clone());
    }
    let national = digits.strip_prefix('0').filter(|r| r.len() == 9)?;
    Some(format!("+33{national}"))
}

/// The rows of the national export of territory `t`: its actors that have every field the
/// schema requires.
pub(super) fn national_rows(site: &Site, t: &Territory) -> Vec<Vec<Cell>> {
    let source = site.title().to_string();
    let mut rows = Vec::new();
    let file_date = t
        .actors
        .as_ref()
        .and_then(|d| site.history.as_ref()?.date(&[d.origin.file.as_path()]));
    for a in t.actor_list() {
        let date = a
            .date_maj
            .as_ref()
            .map(|d| d.value.clone())
            .or(file_date.clone());
        let (Some(pivot), Some(adresse), Some(cp), Some(commune), Some(date)) =
            (&a.pivot, &a.adresse, &a.code_postal, &a.commune, date)
        else {
            continue;
        };
        let text = |v: &Option<String>| Cell::opt(v.clone());
        let url = |v: &Option<S<String>>| Cell::opt(v.as_ref().map(|x| x.value.clone()));
        let mut dispositifs: Vec<&str> = a
            .dispositif_programmes_nationaux
            .iter()
            .map(|x| x.as_str())
            .collect();
        if a.conseillers_numeriques.is_some_and(|n| n > 0)
            && !dispositifs.contains(&Dispositif::Conseillers.as_str())
        {
            dispositifs.push(Dispositif::Conseillers.as_str());
        }
        rows.push(vec![
            Cell::text(format!("{}-{}", t.slug, a.id.value)),
            Cell::text(&pivot.value),
            Cell::text(&a.nom),
            Cell::text(&commune.value),
            Cell::text(&cp.value),
            Cell::opt(t.code_insee(a)),
            Cell::text(adresse),
            text(&a.complement_adresse),
            a.latitude
                .as_ref()
                .map_or(Cell::Empty, |x| Cell::Number(x.value)),
            a.longitude
                .as_ref()
                .map_or(Cell::Empty, |x| Cell::Number(x.value)),
            Cell::list(a.typologie.iter().map(String::as_str)),
            Cell::opt(
                a.telephone
                    .as_ref()
                    .and_then(|x| international_phone(&x.value)),
            ),
            Cell::list(a.courriels.iter().map(|x| x.value.as_str())),
            url(&a.site_web),
            url(&a.horaires),
            url(&a.presentation_resume),
            text(&a.presentation_detail),
            Cell::text(a.source.as_deref().unwrap_or(&source)),
            Cell::list(a.itinerance.iter().map(|x| x.as_str())),
            text(&a.structure_parente),
            Cell::text(date),
            Cell::list(a.services.iter().map(|x| x.as_str())),
            Cell::list(a.publics_specifiquement_adresses.iter().map(|x| x.as_str())),
            Cell::list(a.prise_en_charge_specifique.iter().map(|x| x.as_str())),
            Cell::list(a.frais_a_charge.iter().map(|x| x.as_str())),
            Cell::list(dispositifs),
            Cell::list(a.formations_labels.iter().map(|x| x.as_str())),
            Cell::list(a.autres_formations_labels.iter().map(String::as_str)),
            Cell::list(a.modalites_acces.iter().map(|x| x.as_str())),
            Cell::list(a.modalites_accompagnement.iter().map(|x| x.as_str())),
            url(&a.fiche_acces_libre),
            url(&a.prise_rdv),
        ]);
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::international_phone;

    #[test]
    fn phones_take_the_national_schema_form() {
        assert_eq!(
            international_phone("05 46 00 00 00").as_deref(),
            Some("+33546000000")
        );
        assert_eq!(
            international_phone("05.46.00.00.00").as_deref(),
            Some("+33546000000")
        );
        assert_eq!(
            international_phone("+33 5 46 00 00 00").as_deref(),
            Some("+33546000000")
        );
        assert_eq!(
            international_phone("+262 262 00 00 00").as_deref(),
            Some("+262262000000")
        );
        assert_eq!(international_phone("+32 2 000 00 00"), None);
        assert_eq!(international_phone("3646"), None);
    }
}
