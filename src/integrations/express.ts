import type { IncomingMessage, ServerResponse } from 'node:http';
import { runInRequest } from '../scope/callContext.js';
import { RequestRecord } from '../scope/degradationScope.js';
import { degradedFieldsValue, headerName, type FrameworkHelperOptions } from './degradedFieldsHeader.js';

/** The parts of an Express request the middleware reads (no dependency on Express's types). */
export interface ExpressLikeRequest extends IncomingMessage {
  readonly baseUrl?: string;
  readonly route?: { readonly path?: unknown };
}

/**
 * Express middleware: opens a degradation scope per request, with the matched route template
 * (`req.baseUrl + req.route.path`) as `endpoint`, and sets `x-degraded-fields` on the response when
 * fields degraded. Mount it before the routes: `app.use(fieldDependencyExpress())`.
 *
 * Calls made before a route matched (in a middleware ahead of the router) count as `__unmatched__`.
 * Express gives mounted routers their matched path, not its template, as `req.baseUrl`: mount routers
 * on static paths (`app.use('/v3', router)`), since a parameter in the mount path (`/users/:id`) would
 * put raw values in the `endpoint` label (the endpoint cap bounds them, see `configure`).
 *
 * @throws TypeError when `header` is neither a valid header name nor `false`.
 */
export function fieldDependencyExpress(
  options?: FrameworkHelperOptions,
): (req: ExpressLikeRequest, res: ServerResponse, next: (error?: unknown) => void) => void {
  const header = headerName(options);
  return function fieldDependencyScope(req, res, next) {
    const record = new RequestRecord(() => {
      const path = req.route?.path;
      return typeof path === 'string' ? `${req.baseUrl ?? ''}${path}` : undefined;
    });
    if (header !== false) beforeHeadersSent(res, () => {
      const value = degradedFieldsValue(record);
      if (value !== undefined && !res.headersSent) res.setHeader(header, value);
    });
    runInRequest(record, () => next());
  };
}

/** Calls `hook` right before the response's headers are written (as the `on-headers` package does). */
function beforeHeadersSent(res: ServerResponse, hook: () => void): void {
  const writeHead = res.writeHead;
  res.writeHead = function writeHeadWithHook(this: ServerResponse, ...args: Parameters<ServerResponse['writeHead']>) {
    hook();
    return writeHead.apply(this, args);
  } as ServerResponse['writeHead'];
}
