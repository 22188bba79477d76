//! The command line: clap definitions, one options struct shared by the site commands, and the
//! mapping from results to exit statuses (0 success, 1 site errors, 2 usage or configuration).

use std::ffi::OsString;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::build::{Failure, Generated, Inspected, SiteOptions, build, check, inspect};
use crate::diagnostic::{Diagnostic, Severity, render_json};
use crate::init::init_site;
use crate::model::translation_state::translation_report;
use crate::serve::{ServeOptions, serve};
use crate::status::{self, collect_status};
use crate::translate::{mark_translations, new_page};
use crate::write::rewrite_file;

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
    /// Build into memory, serve on loopback, rebuild on every save and reload the browser.
    Serve(ServeArgs),
    /// Validate everything a build validates, plus translations and UI strings, without writing.
    Check(CheckArgs),
    /// Create a new site that builds at once.
    Init(InitArgs),
    /// Create a page and stubs for its translations.
    New(NewArgs),
    /// The translation workflow: status reports, marking translations current.
    I18n {
        #[command(subcommand)]
        command: I18nCommand,
    },
}

#[derive(Subcommand)]
enum I18nCommand {
    /// Per section and language: pages translated, out of date, missing; UI strings; tags.
    Status(StatusArgs),
    /// Record that translations follow the current version of their originals.
    Mark(MarkArgs),
}

#[derive(Clone, Copy, ValueEnum)]
enum StatusFormat {
    Table,
    Json,
    Html,
}

#[derive(Args)]
struct RootArg {
    /// The site's folder (the one holding site.toml).
    #[arg(long, default_value = ".")]
    root: PathBuf,
}

#[derive(Args)]
struct StatusArgs {
    #[command(flatten)]
    root: RootArg,
    #[arg(long, value_enum, default_value = "table")]
    format: StatusFormat,
    /// Where `--format html` writes the dashboard (never inside the output folder).
    #[arg(short = 'o', long, default_value = "translation-status.html")]
    output: PathBuf,
}

#[derive(Args)]
struct MarkArgs {
    #[command(flatten)]
    root: RootArg,
    /// Translation files to mark, e.g. content/di-san/dai-noi.en.md.
    #[arg(required_unless_present = "all")]
    files: Vec<PathBuf>,
    /// Mark every translation of the site (to adopt the mechanism on existing content).
    #[arg(long)]
    all: bool,
}

#[derive(Args)]
struct NewArgs {
    #[command(flatten)]
    root: RootArg,
    /// The page, below content/: `le-hoi/festival-hue.md`.
    path: PathBuf,
    /// The languages to create (default: all of the site's).
    #[arg(long, value_delimiter = ',')]
    lang: Vec<String>,
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

#[derive(Args)]
struct ServeArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// The address to listen on; anything but loopback lets others read the preview.
    #[arg(long, default_value = "127.0.0.1")]
    bind: std::net::IpAddr,
    /// The port (the next free one is used, and said, when it is busy; 0 picks any).
    #[arg(long, default_value_t = 1111)]
    port: u16,
    /// Open the preview in the default browser.
    #[arg(long)]
    open: bool,
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

/// Templates render on rayon's threads, and Tera nests a call on the stack for every macro a
/// macro calls: up to [`MAX_MACRO_DEPTH`](crate::load::template_recursion::MAX_MACRO_DEPTH) deep, at about 20 KiB each in a debug build and more in
/// a macro with loops. Rust's 2 MiB default overflows there; this is room to spare (the memory
/// is only reserved, not used, until a render goes that deep).
fn give_render_threads_room() {
    const RENDER_STACK: usize = 64 << 20;
    // Fails only when a pool already exists (a second `run` in one process): keep that one.
    let _ = rayon::ThreadPoolBuilder::new()
        .stack_size(RENDER_STACK)
        .build_global();
}

pub fn run(args: impl IntoIterator<Item = OsString>) -> ExitCode {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return ExitCode::from(if error.use_stderr() { 2 } else { 0 });
        }
    };
    give_render_threads_room();
    match cli.command {
        Command::Build(args) => run_build(&args),
        Command::Check(args) => run_check(&args),
        Command::New(args) => run_new(&args),
        Command::Serve(args) => {
            let options = ServeOptions {
                site: args.site.options(None, false),
                bind: args.bind,
                port: args.port,
                open: args.open,
            };
            match serve(options) {
                Ok(()) => ExitCode::SUCCESS,
                Err(message) => {
                    eprintln!("error: {message}");
                    ExitCode::from(2)
                }
            }
        }
        Command::I18n { command } => match command {
            I18nCommand::Status(args) => run_status(&args),
            I18nCommand::Mark(args) => run_mark(&args),
        },
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
    let (diagnostics, code) = match check(&options) {
        Ok(generated) => (generated.diagnostics.sorted(), ExitCode::SUCCESS),
        Err((failure, diagnostics)) => (diagnostics.sorted(), exit_code(failure)),
    };
    match args.format {
        Format::Json => print_stdout(&format!("{}\n", render_json(&diagnostics))),
        Format::Text => {
            print_text(&diagnostics);
            print_totals(&diagnostics, "check found problems");
        }
    }
    code
}

fn inspect_root(root: &RootArg) -> Result<Inspected, ExitCode> {
    let options = SiteOptions {
        root: root.root.clone(),
        ..SiteOptions::default()
    };
    inspect(&options).map_err(|(failure, diagnostics)| {
        print_text(&diagnostics.sorted());
        exit_code(failure)
    })
}

fn run_status(args: &StatusArgs) -> ExitCode {
    let inspected = match inspect_root(&args.root) {
        Ok(inspected) => inspected,
        Err(code) => return code,
    };
    let report = translation_report(&inspected.site);
    let status = collect_status(&inspected.site, &inspected.locales, &report);
    match args.format {
        StatusFormat::Table => print_stdout(&status::render_table(&status)),
        StatusFormat::Json => print_stdout(&format!("{}\n", status::render_json(&status))),
        StatusFormat::Html => {
            let config = &inspected.site.config;
            let target = if args.output.is_absolute() {
                args.output.clone()
            } else {
                config.root.join(&args.output)
            };
            let inside_output = target
                .parent()
                .and_then(|p| std::fs::canonicalize(p).ok())
                .zip(std::fs::canonicalize(&config.output_dir).ok())
                .is_some_and(|(parent, output)| parent.starts_with(output));
            if inside_output {
                print_text(&[Diagnostic::error(
                    "the dashboard may not be written into the published site",
                )
                .with_help("choose a file outside the output folder with -o")]);
                return ExitCode::from(2);
            }
            let title = &config.default_language().title;
            if let Err(diagnostic) = rewrite_file(&target, &status::render_html(&status, title)) {
                print_text(&[diagnostic]);
                return ExitCode::from(2);
            }
            eprintln!("wrote the translation dashboard to `{}`", target.display());
        }
    }
    ExitCode::SUCCESS
}

fn run_mark(args: &MarkArgs) -> ExitCode {
    let inspected = match inspect_root(&args.root) {
        Ok(inspected) => inspected,
        Err(code) => return code,
    };
    let site = &inspected.site;
    let files: Vec<PathBuf> = if args.all {
        site.pages()
            .iter()
            .filter(|p| p.lang != site.config.default_language)
            .map(|p| p.file.source.path.clone())
            .collect()
    } else {
        args.files.clone()
    };
    match mark_translations(site, &files) {
        Ok(marked) => {
            for path in &marked {
                eprintln!("marked `{path}` as current");
            }
            ExitCode::SUCCESS
        }
        Err(diagnostics) => {
            print_text(&diagnostics.sorted());
            ExitCode::from(1)
        }
    }
}

fn run_new(args: &NewArgs) -> ExitCode {
    let inspected = match inspect_root(&args.root) {
        Ok(inspected) => inspected,
        Err(code) => return code,
    };
    let site = &inspected.site;
    let languages: Vec<String> = if args.lang.is_empty() {
        site.config
            .languages
            .iter()
            .map(|l| l.code.clone())
            .collect()
    } else {
        args.lang.clone()
    };
    match new_page(site, &args.path, &languages) {
        Ok(created) => {
            for path in created {
                eprintln!("created `{path}`");
            }
            ExitCode::SUCCESS
        }
        Err(diagnostic) => {
            print_text(&[diagnostic]);
            ExitCode::from(2)
        }
    }
}

/// Reports go to standard output; a closed pipe (`| head`) is not an error worth a crash.
fn print_stdout(text: &str) {
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
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
