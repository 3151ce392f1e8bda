//! The scope bookkeeping acorn does to report `Identifier 'x' has already been declared`. In ES5 only blocks can
//! produce that error (a function declared in a block next to a `var` of the same name, a function named like the
//! catch parameter, or two strict-mode functions in one block), so function and top-level scopes record nothing:
//! they are barriers where `var` declarations stop.

use crate::name_set::{Name, NameSet};

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

/// How a block declares a name (acorn keeps a list of names per kind; here each name has a set of these).
const VAR: u8 = 1;
const LEXICAL: u8 = 2;
const FUNCTION: u8 = 4;
/// The parameter of a `catch` clause, which is also [`LEXICAL`]: a `var` of its name in the clause is allowed.
const CATCH_PARAM: u8 = 8;

enum Scope<'a> {
    /// A function body or the program: `var` stops here.
    Function,
    /// A block, `for`, `switch` or `catch` clause, with the names declared in it (and the `var` names declared in
    /// it or in the blocks inside it).
    Block(NameSet<'a>),
}

/// The stack of scopes being parsed.
pub struct Scopes<'a> {
    stack: Vec<Scope<'a>>,
    /// The emptied name sets of blocks already left, kept so that entering a block allocates nothing (a parse
    /// allocates for as many sets as blocks are open at once, not one per block).
    spare: Vec<NameSet<'a>>,
}

impl<'a> Scopes<'a> {
    /// The program's scope.
    pub fn new() -> Self {
        Scopes { stack: vec![Scope::Function], spare: Vec::new() }
    }

    /// Enters a function.
    pub fn enter_function(&mut self) {
        self.stack.push(Scope::Function);
    }

    /// Enters a block, `for`, `switch` or `catch` clause (whose parameter is then declared with
    /// [`Binding::SimpleCatch`]).
    pub fn enter_block(&mut self) {
        self.stack.push(Scope::Block(self.spare.pop().unwrap_or_default()));
    }

    /// Leaves the innermost scope.
    pub fn exit(&mut self) {
        if let Some(Scope::Block(mut names)) = self.stack.pop() {
            names.clear();
            self.spare.push(names);
        }
    }

    /// Whether function declarations here are var-like (function and program level).
    pub fn treat_functions_as_var(&self) -> bool {
        matches!(self.stack.last(), Some(Scope::Function) | None)
    }

    /// Declares `name`; returns true when that clashes with an earlier declaration (acorn's `declareName`).
    pub fn declare(&mut self, name: Name<'a>, binding: Binding) -> bool {
        match binding {
            Binding::Outside => false,
            Binding::Var => {
                for scope in self.stack.iter_mut().rev() {
                    let Scope::Block(names) = scope else { break };
                    let before = names.add(name.clone(), VAR);
                    // An earlier `var` of this name already went from here out to the function scope, and found
                    // no clash on the way (else parsing would have stopped): the blocks further out hold it
                    // already, so `var x` repeated in deeply nested blocks costs O(1) after the first.
                    if before & VAR != 0 {
                        break;
                    }
                    if before & FUNCTION != 0 || (before & LEXICAL != 0 && before & CATCH_PARAM == 0) {
                        return true;
                    }
                }
                false
            }
            Binding::Lexical | Binding::Function | Binding::SimpleCatch => {
                let Some(Scope::Block(names)) = self.stack.last_mut() else { return false };
                let (flags, clashes_with) = match binding {
                    Binding::Lexical => (LEXICAL, LEXICAL | FUNCTION | VAR),
                    Binding::Function => (FUNCTION, LEXICAL | VAR),
                    _ => (LEXICAL | CATCH_PARAM, 0),
                };
                names.add(name, flags) & clashes_with != 0
            }
        }
    }
}
