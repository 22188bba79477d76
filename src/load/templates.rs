//! Tera templates of the theme, one engine per language so that `t(key="...")` knows the page's
//! language without the template passing it. Template errors name the template and the cause
//! chain.

use std::collections::{BTreeSet, HashMap};
use std::error::Error as _;
use std::sync::Arc;

use tera::ast::{Expr, ExprVal, Node};
use tera::{Context, Tera, Value};

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::locales::{Argument, Locales};
use crate::load::template_recursion;
use crate::load::theme::Template;

pub struct Templates {
    engines: HashMap<String, Tera>,
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

    pub fn load(
        config: &Config,
        templates: &[Template],
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

/// Every name the nodes read (the first part of `a.b`), through blocks, loops and conditions.
fn nodes_variables(nodes: &[Node], names: &mut BTreeSet<String>) {
    for node in nodes {
        match node {
            Node::VariableBlock(_, expr) => expr_variables(expr, names),
            Node::Set(_, set) => expr_variables(&set.value, names),
            Node::FilterSection(_, section, _) => {
                section
                    .filter
                    .args
                    .values()
                    .for_each(|e| expr_variables(e, names));
                nodes_variables(&section.body, names);
            }
            Node::Block(_, block, _) => nodes_variables(&block.body, names),
            Node::MacroDefinition(_, definition, _) => nodes_variables(&definition.body, names),
            Node::Forloop(_, forloop, _) => {
                expr_variables(&forloop.container, names);
                nodes_variables(&forloop.body, names);
                if let Some(body) = &forloop.empty_body {
                    nodes_variables(body, names);
                }
            }
            Node::If(condition, _) => {
                for (_, expr, body) in &condition.conditions {
                    expr_variables(expr, names);
                    nodes_variables(body, names);
                }
                if let Some((_, body)) = &condition.otherwise {
                    nodes_variables(body, names);
                }
            }
            _ => {}
        }
    }
}

fn expr_variables(expr: &Expr, names: &mut BTreeSet<String>) {
    for filter in &expr.filters {
        filter.args.values().for_each(|e| expr_variables(e, names));
    }
    value_variables(&expr.val, names);
}

fn value_variables(value: &ExprVal, names: &mut BTreeSet<String>) {
    match value {
        ExprVal::Ident(ident) => {
            let first = ident.split(['.', '[']).next().unwrap_or(ident);
            names.insert(first.to_string());
        }
        ExprVal::Math(math) => {
            expr_variables(&math.lhs, names);
            expr_variables(&math.rhs, names);
        }
        ExprVal::Logic(logic) => {
            expr_variables(&logic.lhs, names);
            expr_variables(&logic.rhs, names);
        }
        ExprVal::In(within) => {
            expr_variables(&within.lhs, names);
            expr_variables(&within.rhs, names);
        }
        ExprVal::Test(test) => {
            names.insert(
                test.ident
                    .split(['.', '['])
                    .next()
                    .unwrap_or(&test.ident)
                    .to_string(),
            );
            test.args.iter().for_each(|e| expr_variables(e, names));
        }
        ExprVal::MacroCall(call) => call.args.values().for_each(|e| expr_variables(e, names)),
        ExprVal::FunctionCall(call) => call.args.values().for_each(|e| expr_variables(e, names)),
        ExprVal::Array(items) => items.iter().for_each(|e| expr_variables(e, names)),
        ExprVal::StringConcat(concat) => {
            concat.values.iter().for_each(|v| value_variables(v, names))
        }
        ExprVal::String(_) | ExprVal::Int(_) | ExprVal::Float(_) | ExprVal::Bool(_) => {}
    }
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
