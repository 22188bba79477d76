//! Tera templates of the theme, one engine per language so that `t(key="...")` knows the page's
//! language without the template passing it. Template errors name the template and the cause
//! chain.

use std::collections::{BTreeSet, HashMap};
use std::error::Error as _;
use std::sync::Arc;

use tera::ast::{Expr, ExprVal, Node};
use tera::{Context, Tera, Value};

use crate::artifact::FileSource;
use crate::config::Config;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::asset_urls::{self, AssetUrls};
use crate::load::locales::{Argument, Locales};
use crate::load::template_recursion;
use crate::load::theme::Template;

pub struct Templates {
    engines: HashMap<String, Tera>,
    /// The static files the templates name with `asset_url`, with their URLs.
    asset_urls: AssetUrls,
    /// The element ids the templates write literally (`id="main"`): heading ids avoid them.
    reserved_ids: Vec<String>,
}

/// `t(key="nav-home", count=3)`: the message in the engine's language.
struct Translate {
    lang: String,
    locales: Arc<Locales>,
}

impl tera::Function for Translate {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let key = args
            .get("key")
            .and_then(Value::as_str)
            .ok_or_else(|| tera::Error::msg("t() needs a `key`, e.g. t(key=\"nav-home\")"))?;
        // `lang` asks for another language's text (e.g. og:locale:alternate).
        let lang = args
            .get("lang")
            .and_then(Value::as_str)
            .unwrap_or(&self.lang);
        let arguments: HashMap<String, Argument> = args
            .iter()
            .filter(|(name, _)| !matches!(name.as_str(), "key" | "lang"))
            .map(|(name, value)| {
                let argument = match value {
                    Value::Number(number) => Argument::Number(number.as_f64().unwrap_or_default()),
                    Value::String(text) => Argument::Text(text.clone()),
                    other => Argument::Text(other.to_string()),
                };
                (name.clone(), argument)
            })
            .collect();
        self.locales
            .format(lang, key, &arguments)
            .map(Value::String)
            .ok_or_else(|| {
                tera::Error::msg(format!(
                    "the UI string `{key}` is not defined in any language"
                ))
            })
    }

    fn is_safe(&self) -> bool {
        false
    }
}

/// `records(kind="place")`: a list the site computed for each kind, in the engine's language.
struct KindList {
    /// Kind name → the list.
    by_kind: serde_json::Map<String, Value>,
}

impl tera::Function for KindList {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let kind = args
            .get("kind")
            .and_then(Value::as_str)
            .ok_or_else(|| tera::Error::msg("name the kind, e.g. records(kind=\"festival\")"))?;
        self.by_kind.get(kind).cloned().ok_or_else(|| {
            let known: Vec<&str> = self.by_kind.keys().map(String::as_str).collect();
            tera::Error::msg(format!(
                "there is no kind `{kind}` in site.toml (it has: {})",
                known.join(", ")
            ))
        })
    }

    fn is_safe(&self) -> bool {
        false
    }
}

impl Templates {
    /// Gives every engine a function `name(kind="...")` returning `lists[lang][kind]`: the
    /// records of a kind, its calendar's occurrences.
    pub fn register_kind_lists(
        &mut self,
        name: &'static str,
        mut lists: HashMap<String, serde_json::Map<String, Value>>,
    ) {
        for (lang, engine) in &mut self.engines {
            let by_kind = lists.remove(lang).unwrap_or_default();
            engine.register_function(name, KindList { by_kind });
        }
    }

    /// The engines of `templates`, which may show `locales`' strings and link to
    /// `static_files` (see `asset_urls`).
    pub fn load(
        config: &Config,
        templates: &[Template],
        static_files: &[(String, FileSource)],
        locales: Arc<Locales>,
    ) -> Result<Templates, Diagnostics> {
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        // Tera's default also escapes `/`, which turns every URL into `&#x2F;` soup.
        tera.set_escape_fn(escape_html);
        let sources: Vec<(&str, &str)> = templates
            .iter()
            .map(|template| (template.name.as_str(), template.source.text.as_ref()))
            .collect();
        if let Err(error) = tera.add_raw_templates(sources) {
            return Err(Diagnostic::error(format!(
                "a template cannot be read: {}",
                error_chain(&error)
            ))
            .in_file(format!("themes/{}/templates/", config.theme))
            .with_help("fix the template syntax at the line the message gives")
            .into());
        }
        if let Some(cycle) = template_recursion::include_cycle(&tera) {
            return Err(Diagnostic::error(format!(
                "the templates include or extend each other without end: {}",
                cycle.join(" → ")
            ))
            .in_file(format!("themes/{}/templates/{}", config.theme, cycle[0]))
            .with_help("remove the include (or extends) that leads back to a template already on the way; rendering it would never finish")
            .into());
        }
        template_recursion::guard_macros(&mut tera);
        let asset_urls = AssetUrls::load(&config.root, &named_assets(&tera), static_files)?;
        tera.register_function(asset_urls::FUNCTION, asset_urls.clone());
        let engines = config
            .languages
            .iter()
            .map(|language| {
                let mut engine = tera.clone();
                engine.register_function(
                    "t",
                    Translate {
                        lang: language.code.clone(),
                        locales: locales.clone(),
                    },
                );
                (language.code.clone(), engine)
            })
            .collect();
        let mut reserved_ids: Vec<String> = templates
            .iter()
            .flat_map(|template| literal_ids(&template.source.text))
            .collect();
        reserved_ids.sort();
        reserved_ids.dedup();
        Ok(Templates {
            engines,
            asset_urls,
            reserved_ids,
        })
    }

    /// The names a template reads from its context (`src`, `caption`...): for a shortcode, the
    /// arguments it takes. `None` when there is no such template.
    pub fn variables(&self, name: &str) -> Option<BTreeSet<String>> {
        let engine = self.engines.values().next()?;
        let template = engine.get_template(name).ok()?;
        let mut names = BTreeSet::new();
        nodes_variables(&template.ast, &mut names);
        Some(names)
    }

    /// The static files the templates link to, with their URLs.
    pub fn asset_urls(&self) -> &AssetUrls {
        &self.asset_urls
    }

    /// The ids the theme gives its own elements; a heading must not take one.
    pub fn reserved_ids(&self) -> &[String] {
        &self.reserved_ids
    }

    pub fn has(&self, name: &str) -> bool {
        self.engines
            .values()
            .next()
            .is_some_and(|engine| engine.get_template_names().any(|n| n == name))
    }

    pub fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .engines
            .values()
            .next()
            .map(|engine| engine.get_template_names().map(str::to_string).collect())
            .unwrap_or_default();
        names.sort();
        names
    }

    /// Renders `name` for a page in `lang`; the error text names the template and the causes.
    pub fn render(&self, lang: &str, name: &str, context: &Context) -> Result<String, String> {
        let mut out = Vec::new();
        self.render_into(lang, name, context, &mut out)?;
        String::from_utf8(out).map_err(|error| error.to_string())
    }

    /// [`Templates::render`] into bytes, for what goes to a file as it is: Tera's own `render`
    /// checks its output once more for UTF-8, which took a tenth of the time of rendering
    /// (everything Tera writes comes from strings).
    pub fn render_into(
        &self,
        lang: &str,
        name: &str,
        context: &Context,
        out: &mut Vec<u8>,
    ) -> Result<(), String> {
        let engine = self
            .engines
            .get(lang)
            .ok_or_else(|| format!("no templates for the language `{lang}`"))?;
        template_recursion::counted(|| engine.render_to(name, context, out))
            .map_err(|error| error_chain(&error))
    }
}

/// Calls `each` with every value the nodes compute, through blocks, loops, conditions, filter
/// arguments and the parts of expressions.
fn each_value(nodes: &[Node], each: &mut impl FnMut(&ExprVal)) {
    for node in nodes {
        match node {
            Node::VariableBlock(_, expr) => expr_values(expr, each),
            Node::Set(_, set) => expr_values(&set.value, each),
            Node::FilterSection(_, section, _) => {
                section
                    .filter
                    .args
                    .values()
                    .for_each(|e| expr_values(e, each));
                each_value(&section.body, each);
            }
            Node::Block(_, block, _) => each_value(&block.body, each),
            Node::MacroDefinition(_, definition, _) => each_value(&definition.body, each),
            Node::Forloop(_, forloop, _) => {
                expr_values(&forloop.container, each);
                each_value(&forloop.body, each);
                if let Some(body) = &forloop.empty_body {
                    each_value(body, each);
                }
            }
            Node::If(condition, _) => {
                for (_, expr, body) in &condition.conditions {
                    expr_values(expr, each);
                    each_value(body, each);
                }
                if let Some((_, body)) = &condition.otherwise {
                    each_value(body, each);
                }
            }
            _ => {}
        }
    }
}

fn expr_values(expr: &Expr, each: &mut impl FnMut(&ExprVal)) {
    for filter in &expr.filters {
        filter.args.values().for_each(|e| expr_values(e, each));
    }
    value_values(&expr.val, each);
}

/// `value`, then the values within it.
fn value_values(value: &ExprVal, each: &mut impl FnMut(&ExprVal)) {
    each(value);
    match value {
        ExprVal::Math(math) => {
            expr_values(&math.lhs, each);
            expr_values(&math.rhs, each);
        }
        ExprVal::Logic(logic) => {
            expr_values(&logic.lhs, each);
            expr_values(&logic.rhs, each);
        }
        ExprVal::In(within) => {
            expr_values(&within.lhs, each);
            expr_values(&within.rhs, each);
        }
        ExprVal::Test(test) => test.args.iter().for_each(|e| expr_values(e, each)),
        ExprVal::MacroCall(call) => call.args.values().for_each(|e| expr_values(e, each)),
        ExprVal::FunctionCall(call) => call.args.values().for_each(|e| expr_values(e, each)),
        ExprVal::Array(items) => items.iter().for_each(|e| expr_values(e, each)),
        ExprVal::StringConcat(concat) => concat.values.iter().for_each(|v| value_values(v, each)),
        ExprVal::Ident(_)
        | ExprVal::String(_)
        | ExprVal::Int(_)
        | ExprVal::Float(_)
        | ExprVal::Bool(_) => {}
    }
}

/// The paths the templates give `asset_url` literally, each with the template that names it.
fn named_assets(tera: &Tera) -> Vec<(String, String)> {
    let mut named = Vec::new();
    let mut names: Vec<&str> = tera.get_template_names().collect();
    names.sort_unstable();
    for name in names {
        let Ok(template) = tera.get_template(name) else {
            continue;
        };
        each_value(&template.ast, &mut |value| {
            if let ExprVal::FunctionCall(call) = value
                && call.name == asset_urls::FUNCTION
                && let Some(ExprVal::String(path)) = call.args.get("path").map(|e| &e.val)
            {
                named.push((name.to_string(), path.clone()));
            }
        });
    }
    // A template may link the same file twice; it is read once, and missed once.
    named.sort_unstable();
    named.dedup();
    named
}

/// Every name the nodes read (the first part of `a.b`).
fn nodes_variables(nodes: &[Node], names: &mut BTreeSet<String>) {
    let first = |ident: &str| ident.split(['.', '[']).next().unwrap_or(ident).to_string();
    each_value(nodes, &mut |value| match value {
        ExprVal::Ident(ident) => {
            names.insert(first(ident));
        }
        ExprVal::Test(test) => {
            names.insert(first(&test.ident));
        }
        _ => {}
    });
}

/// The values of `id="..."` written literally in a template (not computed by an expression).
fn literal_ids(source: &str) -> Vec<String> {
    source
        .match_indices("id=\"")
        .filter(|(at, _)| !source[..*at].ends_with(|c: char| c.is_ascii_alphanumeric() || c == '-'))
        .filter_map(|(at, found)| {
            let value = &source[at + found.len()..];
            let value = &value[..value.find('"')?];
            let plain = !value.is_empty()
                && value
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
            plain.then(|| value.to_string())
        })
        .collect()
}

fn escape_html(text: &str) -> String {
    crate::text::escape::escape_xml(text)
}

/// Tera's errors keep the useful part (which variable, which line) in their sources.
fn error_chain(error: &tera::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        // The macro guard's own function is an implementation detail; its message is not.
        if !cause_text.starts_with(template_recursion::GUARD_CALL_FAILED) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}
