//! The scope bookkeeping acorn does to report `Identifier 'x' has already been declared`. In ES5 only blocks can
//! produce that error (a function declared in a block next to a `var` of the same name, a function named like the
//! catch parameter, or two strict-mode functions in one block), so function and top-level scopes record nothing:
//! they are barriers where `var` declarations stop.

use std::borrow::Cow;

/// How a name is bound (acorn's `BIND_*`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Binding {
    /// `var`, parameters, and strict functions at function level.
    Var,
    /// Strict-mode function declarations in a block.
    Lexical,
    /// Sloppy-mode function declarations (Annex B).
    Function,
    /// The parameter of `catch`.
    SimpleCatch,
    /// A function expression's own name: checked for strict mode only, never declared.
    Outside,
}

/// Names are borrowed from the source when written without escapes (the usual case), so declaring one does not
/// allocate.
type Name<'a> = Cow<'a, str>;

#[derive(Default)]
struct BlockScope<'a> {
    is_catch: bool,
    var: Vec<Name<'a>>,
    lexical: Vec<Name<'a>>,
    functions: Vec<Name<'a>>,
}

enum Scope<'a> {
    /// A function body or the program: `var` stops here.
    Function,
    Block(BlockScope<'a>),
}

/// The stack of scopes being parsed.
pub struct Scopes<'a> {
    stack: Vec<Scope<'a>>,
}

impl<'a> Scopes<'a> {
    /// The program's scope.
    pub fn new() -> Self {
        Scopes { stack: vec![Scope::Function] }
    }

    /// Enters a function.
    pub fn enter_function(&mut self) {
        self.stack.push(Scope::Function);
    }

    /// Enters a block, `for` or `switch`.
    pub fn enter_block(&mut self) {
        self.stack.push(Scope::Block(BlockScope::default()));
    }

    /// Enters a `catch` clause (its parameter is then declared with [`Binding::SimpleCatch`]).
    pub fn enter_catch(&mut self) {
        self.stack.push(Scope::Block(BlockScope { is_catch: true, ..BlockScope::default() }));
    }

    /// Leaves the innermost scope.
    pub fn exit(&mut self) {
        self.stack.pop();
    }

    /// Whether function declarations here are var-like (function and program level).
    pub fn treat_functions_as_var(&self) -> bool {
        matches!(self.stack.last(), Some(Scope::Function) | None)
    }

    /// Declares `name`; returns true when that clashes with an earlier declaration (acorn's `declareName`).
    pub fn declare(&mut self, name: Name<'a>, binding: Binding) -> bool {
        let has = |list: &[Name<'a>]| list.contains(&name);
        match binding {
            Binding::Outside => false,
            Binding::Var => {
                for scope in self.stack.iter_mut().rev() {
                    let Scope::Block(block) = scope else { break };
                    let catch_param = block.is_catch && block.lexical.first().is_some_and(|n| *n == name);
                    if (has(&block.lexical) && !catch_param) || has(&block.functions) {
                        return true;
                    }
                    block.var.push(name.clone());
                }
                false
            }
            Binding::Lexical | Binding::Function | Binding::SimpleCatch => {
                let Some(Scope::Block(block)) = self.stack.last_mut() else { return false };
                let clash = match binding {
                    Binding::Lexical => has(&block.lexical) || has(&block.functions) || has(&block.var),
                    Binding::Function => has(&block.lexical) || has(&block.var),
                    _ => false,
                };
                let list = match binding {
                    Binding::Function => &mut block.functions,
                    _ => &mut block.lexical,
                };
                list.push(name);
                clash
            }
        }
    }
}
