import { getOperationAST, type DocumentNode } from 'graphql';

/**
 * The name of the operation a request executes: the one `operationName` selects in `document`, or the
 * document's only operation. `undefined` when it has no name, or when `operationName` names no
 * operation of the document (the server answers that request with its own error).
 */
export function operationNameOf(document: DocumentNode | undefined, operationName: string | null | undefined): string | undefined {
  if (document === undefined) return undefined;
  return getOperationAST(document, operationName ?? undefined)?.name?.value;
}
