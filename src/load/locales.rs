//! UI strings with Fluent: the theme's `.ftl` files, then the site's, per language. A message
//! missing in one language falls back to the default language's; which messages are missing is
//! worked out once, here, not once per rendered page.

use std::cell::Cell;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::panic;
use std::sync::Once;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};
use unic_langid::LanguageIdentifier;

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Diagnostics, SourceText};
use crate::load::theme::LocaleFile;

pub struct Locales {
    bundles: BTreeMap<String, FluentBundle<FluentResource>>,
    /// Message ids per language with the variables each uses, to tell what a language lacks
    /// and where the languages disagree.
    ids: BTreeMap<String, BTreeMap<String, BTreeSet<String>>>,
    default_language: String,
}

/// A message argument: what templates pass to `t()`.
pub enum Argument {
    Text(String),
    Number(f64),
}

impl Locales {
    pub fn load(config: &Config, files: &[LocaleFile]) -> (Locales, Diagnostics) {
        let mut diagnostics = Diagnostics::default();
        let mut bundles = BTreeMap::new();
        let mut ids: BTreeMap<String, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
        for language in &config.languages {
            let langid: LanguageIdentifier = language.code.parse().unwrap_or_default();
            let mut bundle = FluentBundle::new_concurrent(vec![langid]);
            // Unicode isolation marks would end up inside HTML attributes and titles.
            bundle.set_use_isolating(false);
            for file in files.iter().filter(|file| file.lang == language.code) {
                let Some(parsed) = parse_fluent(&file.source) else {
                    diagnostics.push(parser_failure(&file.source));
                    continue;
                };
                let resource = match parsed {
                    Ok(resource) => resource,
                    Err((resource, errors)) => {
                        for error in errors {
                            diagnostics.push(
                                Diagnostic::error(format!(
                                    "invalid Fluent message: {}",
                                    error.kind
                                ))
                                .at(&file.source, error.pos.clone())
                                .with_help(
                                    "a message is written `key = Text`, variables as { $name }",
                                ),
                            );
                        }
                        resource
                    }
                };
                let entry_ids = ids.entry(language.code.clone()).or_default();
                for entry in resource.entries() {
                    if let Entry::Message(message) = entry {
                        let mut variables = BTreeSet::new();
                        if let Some(pattern) = &message.value {
                            collect_variables(pattern, &mut variables);
                        }
                        entry_ids.insert(message.id.name.to_string(), variables);
                    }
                }
                bundle.add_resource_overriding(resource);
            }
            bundles.insert(language.code.clone(), bundle);
        }
        let locales = Locales {
            bundles,
            ids,
            default_language: config.default_language.clone(),
        };
        (locales, diagnostics)
    }

    /// Formats `key` in `lang`, falling back to the default language.
    pub fn format(
        &self,
        lang: &str,
        key: &str,
        args: &HashMap<String, Argument>,
    ) -> Option<String> {
        [lang, self.default_language.as_str()]
            .into_iter()
            .find_map(|lang| self.format_in(lang, key, args))
    }

    fn format_in(&self, lang: &str, key: &str, args: &HashMap<String, Argument>) -> Option<String> {
        let bundle = self.bundles.get(lang)?;
        let pattern = bundle.get_message(key)?.value()?;
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            match value {
                Argument::Text(text) => {
                    fluent_args.set(name.as_str(), FluentValue::from(text.as_str()))
                }
                Argument::Number(number) => {
                    fluent_args.set(name.as_str(), FluentValue::from(*number))
                }
            }
        }
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, Some(&fluent_args), &mut errors);
        Some(text.into_owned())
    }

    /// Whether `lang` itself (not its fallback) has the message `key`.
    pub fn has(&self, lang: &str, key: &str) -> bool {
        self.ids.get(lang).is_some_and(|ids| ids.contains_key(key))
    }

    /// The message ids the default language has and `lang` lacks.
    pub fn missing_in(&self, lang: &str) -> Vec<String> {
        let empty = BTreeMap::new();
        let defaults = self.ids.get(&self.default_language).unwrap_or(&empty);
        let have = self.ids.get(lang).unwrap_or(&empty);
        defaults
            .keys()
            .filter(|id| !have.contains_key(*id))
            .cloned()
            .collect()
    }

    /// How many messages the default language has (for coverage figures).
    pub fn message_count(&self) -> usize {
        self.ids
            .get(&self.default_language)
            .map_or(0, BTreeMap::len)
    }

    /// A warning per message a language lacks, and per message whose variables differ from the
    /// default language's (a translator renamed `$count`, and the number silently vanishes).
    pub fn check_messages(&self, config: &Config) -> Vec<Diagnostic> {
        let empty = BTreeMap::new();
        let defaults = self.ids.get(&self.default_language).unwrap_or(&empty);
        let mut warnings = Vec::new();
        for language in config.languages.iter().skip(1) {
            for id in self.missing_in(&language.code) {
                warnings.push(
                    Diagnostic::warning(format!(
                        "the UI string `{id}` has no `{}` translation; the `{}` text is shown",
                        language.code, self.default_language
                    ))
                    .in_file(format!("locales/{}/", language.code))
                    .with_help(format!(
                        "add `{id} = ...` to a file in locales/{}/",
                        language.code
                    )),
                );
            }
            let have = self.ids.get(&language.code).unwrap_or(&empty);
            for (id, variables) in have {
                let Some(expected) = defaults.get(id) else {
                    continue;
                };
                if variables != expected {
                    let list = |set: &BTreeSet<String>| {
                        set.iter()
                            .map(|v| format!("${v}"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    };
                    warnings.push(
                        Diagnostic::warning(format!(
                            "the UI string `{id}` uses {{{}}} in `{}` but {{{}}} in `{}`",
                            list(variables),
                            language.code,
                            list(expected),
                            self.default_language
                        ))
                        .in_file(format!("locales/{}/", language.code))
                        .with_help("use the same variable names in every language"),
                    );
                }
            }
        }
        warnings
    }
}

fn collect_variables(pattern: &Pattern<&str>, variables: &mut BTreeSet<String>) {
    for element in &pattern.elements {
        if let PatternElement::Placeable { expression } = element {
            collect_expression(expression, variables);
        }
    }
}

fn collect_expression(expression: &Expression<&str>, variables: &mut BTreeSet<String>) {
    match expression {
        Expression::Select { selector, variants } => {
            collect_inline(selector, variables);
            for variant in variants {
                collect_variables(&variant.value, variables);
            }
        }
        Expression::Inline(inline) => collect_inline(inline, variables),
    }
}

fn collect_inline(inline: &InlineExpression<&str>, variables: &mut BTreeSet<String>) {
    match inline {
        InlineExpression::VariableReference { id } => {
            variables.insert(id.name.to_string());
        }
        InlineExpression::Placeable { expression } => collect_expression(expression, variables),
        _ => {}
    }
}

/// Parses a Fluent file; `None` when the parser panicked. fluent-syntax 0.12 slices a string in
/// the middle of a character on an unfinished `\u` escape followed by a non-ASCII letter (found
/// by fuzzing): one translator's typo must not take `build` or `serve` down, so the panic is
/// caught here and its message kept off the terminal.
fn parse_fluent(
    source: &SourceText,
) -> Option<Result<FluentResource, (FluentResource, Vec<fluent_syntax::parser::ParserError>)>> {
    thread_local! {
        static PARSING: Cell<bool> = const { Cell::new(false) };
    }
    static QUIET_HOOK: Once = Once::new();
    QUIET_HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !PARSING.with(Cell::get) {
                previous(info);
            }
        }));
    });
    let text = source.text.to_string();
    PARSING.with(|parsing| parsing.set(true));
    let parsed = panic::catch_unwind(move || FluentResource::try_new(text));
    PARSING.with(|parsing| parsing.set(false));
    parsed.ok()
}

/// What to say when the parser failed: the first unfinished `\u` escape, where there is one.
fn parser_failure(source: &SourceText) -> Diagnostic {
    let text = &source.text;
    let escape = text.match_indices('\\').find_map(|(at, _)| {
        let rest = &text[at + 1..];
        let digits = match rest.chars().next()? {
            'u' => 4,
            'U' => 6,
            _ => return None,
        };
        let hex = rest[1..]
            .chars()
            .take_while(char::is_ascii_hexdigit)
            .count();
        (hex < digits).then_some(at..at + 2 + hex)
    });
    let diagnostic = Diagnostic::error(
        "invalid Fluent file: an escape `\\u` must be followed by four hexadecimal digits (`\\U` by six)"
            .to_string(),
    );
    match escape {
        Some(span) => diagnostic.at(source, span).with_label("unfinished escape"),
        None => diagnostic.in_file(source.path.display().to_string()),
    }
    .with_help("write the character itself, or its code as \\u00E9; the file's messages are not loaded until it is fixed")
}
