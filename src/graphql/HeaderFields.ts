import { degradedFieldsHeaderValue } from '../integrations/degradedFieldsHeaderValue.js';

/**
 * The degraded fields of each HTTP request, for the `x-degraded-fields` header: the union over the
 * request's operations (a batched request runs several), in the order they degraded. Keyed weakly by the
 * server's request object, so nothing outlives the request.
 */
export class HeaderFields {
  private readonly byRequest = new WeakMap<object, Set<string>>();

  /** Adds an operation's degraded fields to its HTTP request's union. */
  note(request: object, fields: readonly string[]): void {
    let union = this.byRequest.get(request);
    if (union === undefined) this.byRequest.set(request, (union = new Set()));
    for (const field of fields) union.add(field);
  }

  /** The header value for `request` (see `degradedFieldsHeaderValue`: capped in size), or `undefined` when nothing degraded. */
  value(request: object): string | undefined {
    const union = this.byRequest.get(request);
    return union === undefined ? undefined : degradedFieldsHeaderValue(union);
  }
}
