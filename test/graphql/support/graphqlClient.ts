/** Real HTTP requests to a GraphQL endpoint, as a client sends them. */

/** A GraphQL response as the client sees it. */
export interface GraphQLResponse {
  readonly status: number;
  readonly header: string | null;
  readonly body: GraphQLBody;
}
export interface GraphQLBody {
  readonly data?: Record<string, unknown> | null;
  readonly errors?: readonly { message: string; path?: unknown; locations?: unknown; extensions?: Record<string, unknown> }[];
  readonly extensions?: Record<string, unknown>;
}

/** POSTs `body` (one operation, or an array for a batched request) as JSON, with `requestHeaders` added. */
export async function postGraphQL(
  url: string,
  body: unknown,
  header = 'x-degraded-fields',
  requestHeaders: Readonly<Record<string, string>> = {},
): Promise<{ status: number; header: string | null; body: unknown }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json;q=0.9', ...requestHeaders },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: the raw text, for the assertion message
  }
  return { status: response.status, header: response.headers.get(header), body: parsed };
}

/** One operation over real HTTP. */
export async function query(url: string, query: string, variables?: Record<string, unknown>, operationName?: string): Promise<GraphQLResponse> {
  const { status, header, body } = await postGraphQL(url, { query, variables, operationName });
  return { status, header, body: body as GraphQLBody };
}
