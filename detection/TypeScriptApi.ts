/**
 * The `typescript` namespace, passed in rather than imported: the ESLint rule runs on the user's copy of
 * TypeScript (the one typescript-eslint built the program with) and the CLI on ts-morph's bundled copy.
 * Their `SyntaxKind` numbers may differ, so every kind test in the detection core goes through the copy
 * that built the nodes, never through a module-level import.
 */
export type TypeScriptApi = typeof import('typescript');
