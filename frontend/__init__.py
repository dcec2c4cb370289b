"""Python AST -> typed tile IR (scopes, constexpr folding, type/shape inference, codegen)."""
