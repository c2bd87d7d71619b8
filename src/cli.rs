//! The command line: French help and messages, then a thin call into each stage.

use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{ArgAction, Parser, Subcommand};

use crate::diagnostic::{Diagnostic, Diagnostics, code, plural};
use crate::model::{self, Site};
use crate::scaffold;

/// French help layout (headings get a space before clap's colon, as French typography wants).
const TEMPLATE: &str = "{about-with-newline}\nUtilisation : {usage}\n\n{all-args}{after-help}";

/// `0.1.0 (commit 0123456789ab du 2026-12-01)`: the version and the commit it was built from.
pub const VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), " (", env!("CTIN_COMMIT"), ")");

/// ctin : génère le site de la coordination territoriale pour l'inclusion numérique.
#[derive(Debug, Parser)]
#[command(
    name = "ctin",
    version = VERSION,
    help_template = TEMPLATE,
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true,
    subcommand_help_heading = "Commandes ",
    subcommand_value_name = "COMMANDE",
    next_help_heading = "Options "
)]
struct Cli {
    /// Dossier du site, qui contient `content/` (par défaut : le dossier courant)
    #[arg(long, global = true, value_name = "DOSSIER")]
    root: Option<PathBuf>,
    /// Affiche cette aide
    #[arg(short = 'h', long, action = ArgAction::Help, global = true)]
    help: Option<bool>,
    /// Affiche la version
    #[arg(short = 'V', long, action = ArgAction::Version)]
    version: Option<bool>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Vérifie tout le contenu sans rien écrire
    #[command(help_template = TEMPLATE, next_help_heading = "Options ")]
    Check,
    /// Construit le site dans le dossier de sortie
    #[command(help_template = TEMPLATE, next_help_heading = "Options ")]
    Build {
        /// Dossier de sortie (par défaut : `<racine>/output`)
        #[arg(long, value_name = "DOSSIER")]
        output: Option<PathBuf>,
        /// Inclut les brouillons
        #[arg(long, alias = "brouillons")]
        drafts: bool,
        /// Adresse publique du site (remplace `url_de_base` de site.yaml)
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
    },
    /// Prévisualise le site en local, avec rechargement automatique
    #[command(help_template = TEMPLATE, next_help_heading = "Options ")]
    Serve {
        /// Port d'écoute (par défaut : 1111)
        #[arg(long, default_value_t = 1111, hide_default_value = true)]
        port: u16,
        /// Adresse d'écoute (par défaut : 127.0.0.1)
        #[arg(
            long,
            default_value = "127.0.0.1",
            value_name = "ADRESSE",
            hide_default_value = true
        )]
        interface: String,
        /// Ouvre le navigateur
        #[arg(long)]
        open: bool,
    },
    /// Importe des données nationales dans un territoire
    #[command(
        help_template = TEMPLATE,
        subcommand_help_heading = "Données ",
        subcommand_value_name = "DONNÉES"
    )]
    Import {
        #[command(subcommand)]
        what: Import,
    },
    /// Crée un nouvel élément de contenu prêt à remplir
    #[command(
        help_template = TEMPLATE,
        subcommand_help_heading = "Éléments ",
        subcommand_value_name = "ÉLÉMENT"
    )]
    New {
        #[command(subcommand)]
        what: New,
    },
}

#[derive(Debug, Subcommand)]
enum Import {
    /// Les lieux de médiation numérique d'un fichier au schéma national (CSV ou JSON) situés
    /// dans le territoire : ajoutés à ses acteurs, ou mis à jour sans perdre les modifications
    /// faites à la main
    #[command(help_template = TEMPLATE, next_help_heading = "Options ")]
    Lieux {
        /// Fichier CSV (séparé par `,` ou `;`) ou JSON au schéma national des lieux de
        /// médiation numérique
        #[arg(help_heading = "Arguments ", value_name = "FICHIER")]
        fichier: PathBuf,
        /// Dossier du territoire (`content/territoires/<territoire>`)
        #[arg(long, value_name = "TERRITOIRE")]
        territoire: String,
        /// Montre le rapport et les changements sans rien écrire
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(Debug, Subcommand)]
enum New {
    /// Un dossier de territoire : fiche, présentation, acteurs, indicateurs, feuille de route
    #[command(help_template = TEMPLATE, next_help_heading = "Options ")]
    Territoire {
        /// Nom du dossier (minuscules, chiffres et tirets : `haute-garonne`) ; avec `--code`,
        /// tiré du nom court s'il est omis
        #[arg(help_heading = "Arguments ")]
        slug: Option<String>,
        /// Nom complet du territoire
        #[arg(long)]
        nom: Option<String>,
        /// Code officiel : SIREN de l'intercommunalité ou code du département ; remplit les
        /// noms, l'échelon et les départements d'après la géographie officielle
        #[arg(long)]
        code: Option<String>,
        /// Échelon : epci (par défaut), departement, region, commune ou autre
        #[arg(
            long,
            default_value = "epci",
            value_parser = ["epci", "departement", "region", "commune", "autre"],
            hide_default_value = true,
            hide_possible_values = true
        )]
        echelon: String,
    },
    /// Un nouveau site : contenu minimal, .gitignore, recettes de publication GitLab et GitHub
    #[command(help_template = TEMPLATE, next_help_heading = "Options ")]
    Site {
        /// Dossier à créer (absent ou vide)
        #[arg(help_heading = "Arguments ")]
        dossier: PathBuf,
        /// Titre du site
        #[arg(
            long,
            default_value = "Coordination territoriale pour l'inclusion numérique"
        )]
        titre: String,
        /// Adresse des versions publiées de ctin, d'où les recettes de publication téléchargent
        /// cette version (par défaut : celle d'où vient ce binaire)
        #[arg(long, value_name = "URL")]
        telechargement: Option<String>,
        /// Adresse du dépôt git de ctin, que les recettes compilent à défaut d'adresse de
        /// téléchargement
        #[arg(long, value_name = "URL")]
        ctin_git: Option<String>,
    },
}

/// Runs ctin with these arguments; returns the exit status.
pub fn run<I, T>(args: I) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => return usage_error(&e),
    };
    let root = cli.root.clone().unwrap_or_else(|| PathBuf::from("."));
    match cli.command {
        Command::Check => {
            let (site, diags) = check(&root);
            report(&diags);
            if diags.has_errors() {
                return 1;
            }
            eprintln!("Contenu valide : {}.", summary(&site));
            0
        }
        Command::Build {
            output,
            drafts,
            base_url,
        } => {
            let args = crate::build::BuildArgs {
                root,
                output,
                drafts,
                base_url,
                verbose: std::env::var_os("CTIN_DETAILS").is_some(),
            };
            let mut diags = Diagnostics::new();
            let start = std::time::Instant::now();
            let built = crate::build::build(&args, &mut diags);
            report(&diags);
            match built {
                Some(b) => {
                    eprintln!(
                        "{} ({} ms)",
                        crate::build::summary(&b),
                        start.elapsed().as_millis()
                    );
                    0
                }
                None => {
                    eprintln!(
                        "Construction annulée : corrigez les erreurs ci-dessus. Le dossier de sortie n'a pas été modifié."
                    );
                    1
                }
            }
        }
        Command::Serve {
            port,
            interface,
            open,
        } => crate::serve::serve(&crate::serve::ServeArgs {
            root,
            interface,
            port,
            open,
        }),
        Command::Import {
            what:
                Import::Lieux {
                    fichier,
                    territoire,
                    dry_run,
                },
        } => {
            let request = crate::import::Request {
                root: &root,
                file: &fichier,
                territoire: &territoire,
                dry_run,
            };
            match crate::import::lieux(&request) {
                Ok(report) => {
                    print!("{}", report.text());
                    0
                }
                Err(diags) => {
                    report(&diags);
                    eprintln!("Import annulé : rien n'a été écrit.");
                    1
                }
            }
        }
        Command::New {
            what:
                New::Territoire {
                    slug,
                    nom,
                    echelon,
                    code,
                },
        } => match scaffold::new_territory(
            &root,
            slug.as_deref(),
            nom.as_deref(),
            &echelon,
            code.as_deref(),
        ) {
            Ok(dir) => {
                eprintln!(
                    "Territoire créé dans `{}`. Complétez ses fichiers puis lancez `ctin check`.",
                    dir.display()
                );
                0
            }
            Err(problem) => {
                let status = if problem.code == code::COMMANDE_INVALIDE {
                    2
                } else {
                    1
                };
                let mut diags = Diagnostics::new();
                diags.set_root(&root);
                diags.push(problem);
                report(&diags);
                status
            }
        },
        Command::New {
            what:
                New::Site {
                    dossier,
                    titre,
                    ctin_git,
                    telechargement,
                },
        } => match scaffold::new_site(
            &dossier,
            &titre,
            ctin_git.as_deref(),
            telechargement.as_deref(),
        ) {
            Ok(()) => {
                eprintln!(
                    "Site créé dans `{}`. Lancez `ctin check --root {}`, puis lisez docs/publier.md pour le publier.",
                    dossier.display(),
                    dossier.display()
                );
                0
            }
            Err(problem) => {
                let mut diags = Diagnostics::new();
                diags.set_root(&root);
                diags.push(problem);
                report(&diags);
                1
            }
        },
    }
}

/// Loads and checks the site under `root`.
pub fn check(root: &std::path::Path) -> (Site, Diagnostics) {
    let mut diags = Diagnostics::new();
    let site = model::load(root, crate::pipeline::index, &mut diags);
    // What the build of the PDFs would refuse is found here too.
    crate::output::pdf::check_images(&site, &mut diags);
    (site, diags)
}

fn report(diags: &Diagnostics) {
    let text = diags.render();
    if !text.is_empty() {
        let _ = std::io::stderr().write_all(text.as_bytes());
    }
}

fn summary(site: &Site) -> String {
    let actors: usize = site.territories.iter().map(|t| t.actor_list().len()).sum();
    let documents: usize = site.territories.iter().map(|t| t.documents.len()).sum();
    format!(
        "{}, {}, {}, {}, {}",
        plural(site.territories.len(), "territoire", "territoires"),
        plural(actors, "acteur", "acteurs"),
        plural(documents, "document", "documents"),
        plural(site.models.len(), "modèle", "modèles"),
        plural(site.indicators().len(), "indicateur", "indicateurs"),
    )
}

fn context_text(e: &clap::Error, kind: ContextKind) -> Option<String> {
    match e.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(v) => Some(v.join(", ")),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        ContextValue::StyledStrs(v) => Some(
            v.iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>()
                .join(", "),
        ),
        ContextValue::Number(n) => Some(n.to_string()),
        ContextValue::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Prints a command-line error in French; returns the exit status.
fn usage_error(e: &clap::Error) -> i32 {
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = e.print();
            return 0;
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
            return 2;
        }
        _ => {}
    }
    let arg = context_text(e, ContextKind::InvalidArg).unwrap_or_default();
    let value = context_text(e, ContextKind::InvalidValue).unwrap_or_default();
    let sub = context_text(e, ContextKind::InvalidSubcommand).unwrap_or_default();
    let message = match e.kind() {
        ErrorKind::UnknownArgument => format!("argument inconnu `{arg}`"),
        ErrorKind::InvalidSubcommand => format!("commande inconnue `{sub}`"),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            format!("valeur invalide `{value}` pour `{arg}`")
        }
        ErrorKind::MissingRequiredArgument => format!("argument obligatoire manquant : {arg}"),
        ErrorKind::MissingSubcommand => "commande manquante".to_string(),
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues => {
            format!("nombre de valeurs incorrect pour `{arg}`")
        }
        ErrorKind::ArgumentConflict => format!("`{arg}` ne peut pas être combiné ainsi"),
        _ => "ligne de commande invalide".to_string(),
    };
    let mut hints = Vec::new();
    if let Some(valid) = context_text(e, ContextKind::ValidValue) {
        hints.push(format!("valeurs possibles : {valid}"));
    }
    for kind in [ContextKind::SuggestedSubcommand, ContextKind::SuggestedArg] {
        if let Some(s) = context_text(e, kind) {
            hints.push(format!("vouliez-vous dire `{s}` ?"));
        }
    }
    let mut problem = Diagnostic::new(
        code::COMMANDE_INVALIDE,
        std::path::Path::new(""),
        Default::default(),
        message,
    );
    if !hints.is_empty() {
        problem = problem.hint(format!(
            "{} (toute l'aide : `ctin --help`)",
            hints.join(" ; ")
        ));
    }
    let mut diags = Diagnostics::new();
    diags.push(problem);
    report(&diags);
    2
}
