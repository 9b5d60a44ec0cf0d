import { Inject, Injectable } from '@nestjs/common';
import { currentSignal } from 'field-dependency';

/** Injection token of the upstream services' base URL (`http://host:port`). */
export const UPSTREAM_URL = 'UPSTREAM_URL';

/**
 * The HTTP client of the upstream services: `GET <base>/<service>?ids=a,b` answers one JSON value per id.
 * Each request carries the guarded call's `AbortSignal`, so a loader's timeout really cancels it.
 */
@Injectable()
export class UpstreamClient {
  constructor(@Inject(UPSTREAM_URL) private readonly base: string) {}

  /** One value per id, in order; rejects on a non-2xx answer (with the upstream's text, which must stay on the server). */
  async get<T>(service: string, ids: readonly string[]): Promise<T[]> {
    const response = await fetch(`${this.base}/${service}?ids=${ids.map(encodeURIComponent).join(',')}`, { signal: currentSignal() ?? null });
    if (!response.ok) throw new Error(`${this.base}/${service} answered ${response.status}: ${await response.text()}`);
    return (await response.json()) as T[];
  }
}
