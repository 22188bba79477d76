//! Template recursion that would never end. Tera follows includes and macro calls on the
//! thread's stack, so a template that includes itself, or a macro that calls itself without a
//! case that stops, overflows the stack and aborts the process. Includes are checked before
//! anything renders (they have no legitimate cycle); macros may recurse on purpose (a menu of
//! any depth), so their nesting is counted while rendering and a render that goes deeper than
//! any real theme needs fails with an error naming the macro.

use std::cell::Cell;
use std::collections::HashMap;

use tera::ast::{Expr, ExprVal, FunctionCall, Node, WS};
use tera::{Tera, Value};

/// Deeper than any menu or tree a portal shows, far below what overflows a render thread's
/// stack (`tests/errors.rs` renders at this depth in a debug build).
pub const MAX_MACRO_DEPTH: usize = 100;

const ENTER: &str = "__huong_macro_enter";
/// How Tera's error about a failed `ENTER` call begins.
pub const GUARD_CALL_FAILED: &str = "Function call '__huong_macro_enter' failed";
const LEAVE: &str = "__huong_macro_leave";

thread_local! {
    /// Macro calls open on this thread's current render.
    static DEPTH: Cell<usize> = const { Cell::new(0) };
}

/// Makes every macro of every template count its nesting: its body starts with a call that
/// fails past [`MAX_MACRO_DEPTH`] and ends with one that counts it back down.
pub fn guard_macros(tera: &mut Tera) {
    tera.register_function(ENTER, enter);
    tera.register_function(LEAVE, leave);
    for template in tera.templates.values_mut() {
        for definition in template.macros.values_mut() {
            let name = format!("{}::{}", template.name, definition.name);
            definition.body.insert(0, call(ENTER, Some(name)));
            definition.body.push(call(LEAVE, None));
        }
    }
}

/// Runs one render with its own count, so that a render that failed half-way (its macros never
/// counted back down) does not weigh on the next one on the same thread.
pub fn counted<T>(render: impl FnOnce() -> T) -> T {
    let outer = DEPTH.with(|depth| depth.replace(0));
    let result = render();
    DEPTH.with(|depth| depth.set(outer));
    result
}

/// `{{ name(macro="…") }}`, which writes nothing.
fn call(function: &str, macro_name: Option<String>) -> Node {
    let args = macro_name
        .map(|name| ("macro".to_string(), Expr::new(ExprVal::String(name))))
        .into_iter()
        .collect();
    let call = FunctionCall {
        name: function.to_string(),
        args,
    };
    Node::VariableBlock(WS::default(), Expr::new(ExprVal::FunctionCall(call)))
}

fn enter(args: &HashMap<String, Value>) -> tera::Result<Value> {
    let depth = DEPTH.with(|depth| {
        depth.set(depth.get() + 1);
        depth.get()
    });
    if depth > MAX_MACRO_DEPTH {
        let name = args.get("macro").and_then(Value::as_str).unwrap_or("?");
        return Err(tera::Error::msg(format!(
            "the macro `{name}` is nested more than {MAX_MACRO_DEPTH} calls deep: it calls itself (directly or through other macros) without reaching a case that stops"
        )));
    }
    Ok(Value::String(String::new()))
}

fn leave(_: &HashMap<String, Value>) -> tera::Result<Value> {
    DEPTH.with(|depth| depth.set(depth.get().saturating_sub(1)));
    Ok(Value::String(String::new()))
}

/// A chain of templates that include or extend each other back to the first, if there is one
/// (Tera would recurse until the stack overflows). Macros are counted instead, see
/// [`guard_macros`].
pub fn include_cycle(tera: &Tera) -> Option<Vec<String>> {
    fn references(nodes: &[Node], found: &mut Vec<String>) {
        for node in nodes {
            match node {
                Node::Include(_, names, _) => found.extend(names.iter().cloned()),
                Node::Extends(_, name) => found.push(name.clone()),
                Node::Block(_, block, _) => references(&block.body, found),
                Node::Forloop(_, forloop, _) => references(&forloop.body, found),
                Node::FilterSection(_, section, _) => references(&section.body, found),
                Node::If(condition, _) => {
                    for (_, _, body) in &condition.conditions {
                        references(body, found);
                    }
                    if let Some((_, body)) = &condition.otherwise {
                        references(body, found);
                    }
                }
                _ => {}
            }
        }
    }
    let mut names: Vec<&str> = tera.get_template_names().collect();
    names.sort_unstable();
    let edges: HashMap<&str, Vec<String>> = names
        .iter()
        .filter_map(|name| {
            let mut found = Vec::new();
            references(&tera.get_template(name).ok()?.ast, &mut found);
            Some((*name, found))
        })
        .collect();
    // Depth-first from each template, following references, until one comes back.
    fn walk(name: &str, edges: &HashMap<&str, Vec<String>>, path: &mut Vec<String>) -> bool {
        if path.iter().any(|on_path| on_path == name) {
            path.push(name.to_string());
            return true;
        }
        path.push(name.to_string());
        for next in edges.get(name).into_iter().flatten() {
            if walk(next, edges, path) {
                return true;
            }
        }
        path.pop();
        false
    }
    names.into_iter().find_map(|start| {
        let mut path = Vec::new();
        walk(start, &edges, &mut path).then(|| {
            let back = path.last().cloned().unwrap_or_default();
            let first = path.iter().position(|name| *name == back).unwrap_or(0);
            path[first..].to_vec()
        })
    })
}
