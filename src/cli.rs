//! The command line: clap definitions, one options struct shared by the site commands, and the
//! mapping from results to exit statuses (0 success, 1 site errors, 2 usage or configuration).

use std::ffi::OsString;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::build::{Failure, Generated, SiteOptions, build, generate};
use crate::diagnostic::{Diagnostic, Severity, render_json};
use crate::init::init_site;

#[derive(Parser)]
#[command(
    name = "huong",
    version,
    about = "Static site generator for bilingual government portals"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Render the site into the output folder.
    Build(BuildArgs),
    /// Validate everything a build validates, plus translations and UI strings, without writing.
    Check(CheckArgs),
    /// Create a new site that builds at once.
    Init(InitArgs),
}

/// What build, check and serve share.
#[derive(Args)]
struct SiteArgs {
    /// The site's folder (the one holding site.toml).
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Replace `base_url` of site.toml (for preview deployments).
    #[arg(long)]
    base_url: Option<String>,
    /// Include pages marked `draft = true`.
    #[arg(long)]
    drafts: bool,
    /// Treat warnings (missing translations, UI strings, links to untranslated pages) as errors.
    #[arg(long)]
    strict: bool,
}

#[derive(Args)]
struct BuildArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// Write into DIR instead of `output_dir` of site.toml.
    #[arg(short = 'o', long = "output-dir", value_name = "DIR")]
    output_dir: Option<PathBuf>,
    /// Replace an existing output folder even if huong did not write it.
    #[arg(long)]
    force: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
}

#[derive(Args)]
struct CheckArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// `json` prints the diagnostics as a JSON array on standard output, for CI.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
}

#[derive(Args)]
struct InitArgs {
    /// The folder to create (it must not exist, or be empty).
    dir: PathBuf,
}

impl SiteArgs {
    fn options(&self, output_dir: Option<PathBuf>, force: bool) -> SiteOptions {
        SiteOptions {
            root: self.root.clone(),
            output_dir,
            base_url: self.base_url.clone(),
            drafts: self.drafts,
            strict: self.strict,
            force,
            // Quiet in CI and in logs; stage lines only for a person at a terminal.
            progress: std::io::stderr().is_terminal() && std::env::var_os("CI").is_none(),
        }
    }
}

pub fn run(args: impl IntoIterator<Item = OsString>) -> ExitCode {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return ExitCode::from(if error.use_stderr() { 2 } else { 0 });
        }
    };
    match cli.command {
        Command::Build(args) => run_build(&args),
        Command::Check(args) => run_check(&args),
        Command::Init(args) => match init_site(&args.dir) {
            Ok(()) => {
                eprintln!(
                    "created a new site in `{}`; build it with: huong build --root {}",
                    args.dir.display(),
                    args.dir.display()
                );
                ExitCode::SUCCESS
            }
            Err(diagnostic) => {
                print_text(&[diagnostic]);
                ExitCode::from(2)
            }
        },
    }
}

fn exit_code(failure: Failure) -> ExitCode {
    ExitCode::from(match failure {
        Failure::Configuration => 2,
        Failure::Site => 1,
    })
}

fn run_build(args: &BuildArgs) -> ExitCode {
    let options = args.site.options(args.output_dir.clone(), args.force);
    match build(&options) {
        Ok((generated, seconds)) => {
            let Generated {
                config,
                artifacts,
                diagnostics,
                pages_per_language,
            } = generated;
            print_text(&diagnostics.sorted());
            let pages: Vec<String> = pages_per_language
                .iter()
                .map(|(lang, count)| format!("{lang}: {count}"))
                .collect();
            eprintln!(
                "built {} pages ({}) and {} files into `{}` in {:.2} s",
                pages_per_language.iter().map(|(_, n)| n).sum::<usize>(),
                pages.join(", "),
                artifacts.len(),
                config.output_dir.display(),
                seconds
            );
            ExitCode::SUCCESS
        }
        Err((failure, diagnostics)) => {
            let diagnostics = diagnostics.sorted();
            print_text(&diagnostics);
            print_totals(
                &diagnostics,
                "the build failed; the output folder was not changed",
            );
            exit_code(failure)
        }
    }
}

fn run_check(args: &CheckArgs) -> ExitCode {
    let options = args.site.options(None, false);
    let (diagnostics, code) = match generate(&options) {
        Ok(generated) => (generated.diagnostics.sorted(), ExitCode::SUCCESS),
        Err((failure, diagnostics)) => (diagnostics.sorted(), exit_code(failure)),
    };
    match args.format {
        Format::Json => println!("{}", render_json(&diagnostics)),
        Format::Text => {
            print_text(&diagnostics);
            print_totals(&diagnostics, "check found problems");
        }
    }
    code
}

fn print_text(diagnostics: &[Diagnostic]) {
    let mut stderr = std::io::stderr().lock();
    for diagnostic in diagnostics {
        let _ = write!(stderr, "{}", diagnostic.render_text());
    }
}

fn print_totals(diagnostics: &[Diagnostic], failed: &str) {
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diagnostics.len() - errors;
    if errors > 0 {
        eprintln!("{failed}: {errors} error(s), {warnings} warning(s)");
    } else if std::io::stderr().is_terminal() || warnings > 0 {
        eprintln!("no errors, {warnings} warning(s)");
    }
}
